using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Asks Linux to write a file's dirty pages to disk while more of the file is still arriving, and
/// to let go of pages that are safely on disk or already read. Without the first, a large
/// attachment sits in the page cache until its final fsync, which then writes all of it while the
/// sender waits. Without the second, every gigabyte that passes through, written or read, grows
/// the page cache into memory nothing has touched yet, and on a virtual machine each such page
/// costs a fault in the hypervisor (docs/performance.md). Where a call is missing or refused,
/// nothing but that reuse is lost: durability comes from the fsync.
/// </summary>
internal static partial class PageCache
{
    /// <summary>
    /// How much content is written (or read) before its writeback is started and the step before
    /// it released: large enough for few calls, small enough that a transfer holds little cache.
    /// </summary>
    public const long Step = 2 * 1024 * 1024;

    /// <summary>SYNC_FILE_RANGE_WRITE: start writeback of the range's dirty pages, do not wait for it.</summary>
    private const uint StartWriting = 2;

    /// <summary>SYNC_FILE_RANGE_WAIT_BEFORE | WRITE | WAIT_AFTER: the range is on disk when this returns.</summary>
    private const uint WriteAndWait = 1 | 2 | 4;

    /// <summary>POSIX_FADV_DONTNEED on Linux.</summary>
    private const int DoNotNeed = 4;

    private static volatile bool _unavailable = !OperatingSystem.IsLinux();

    public static void StartWriteback(SafeFileHandle file, long offset, long length) => Call(() => SyncFileRange(file, offset, length, StartWriting));

    /// <summary>
    /// Waits until the range is written, then drops its clean pages from the cache so that the next
    /// pages written reuse them. The content is read back from disk if it is read again.
    /// </summary>
    public static void ReleaseWritten(SafeFileHandle file, long offset, long length)
    {
        if (length <= 0)
        {
            // A length of 0 would mean "to the end of the file" to both calls.
            return;
        }

        Call(() =>
        {
            _ = SyncFileRange(file, offset, length, WriteAndWait);
            return Advise(file, offset, length, DoNotNeed);
        });
    }

    /// <summary>Drops pages already read (clean, so nothing to wait for); a later reader reads them from disk.</summary>
    public static void ReleaseRead(SafeFileHandle file, long offset, long length)
    {
        if (length > 0)
        {
            Call(() => Advise(file, offset, length, DoNotNeed));
        }
    }

    private static void Call(Func<int> call)
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = call();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle file, long offset, long length, uint flags);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Advise(SafeFileHandle file, long offset, long length, int advice);
}
