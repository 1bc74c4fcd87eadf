using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace DocAxis.Testing;

/// <summary>
/// How much of a file Linux holds in its page cache, asked with <c>mincore</c> over a read-only
/// mapping (mapping a file does not read it in). Used to check what DocAxis leaves in, or drops
/// from, the cache as content passes through.
/// </summary>
public static partial class PageCacheResidency
{
    /// <summary>The share (0 to 1) of the file's pages that are in the page cache; inconclusive where that cannot change.</summary>
    public static double Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The page cache is asked about with Linux's mincore.");
        }

        if (new DriveInfo(path).DriveFormat == "tmpfs")
        {
            Assert.Inconclusive("On tmpfs the page cache is the storage: nothing can be dropped from it.");
        }

        var length = new FileInfo(path).Length;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        var pages = new byte[(length + Environment.SystemPageSize - 1) / Environment.SystemPageSize];
        var start = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
        if (Mincore(start, (nuint)length, pages) != 0)
        {
            throw new IOException($"mincore failed for {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        // Bit 0 of each byte says whether that page is resident.
        return pages.Count(p => (p & 1) != 0) / (double)pages.Length;
    }

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int Mincore(nint address, nuint length, [Out] byte[] residency);
}
