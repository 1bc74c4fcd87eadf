using System.Runtime.InteropServices;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Makes a rename into a directory durable. fsync of a file covers its content, not the name that
/// points at it: until the directory itself is synced, a crash may leave the database row committed
/// and the promoted blob back in staging, or gone. ext4's journal usually commits the rename along
/// with the next fsync anyway, but XFS and others make no such promise.
/// </summary>
internal static partial class DirectorySync
{
    /// <summary>O_RDONLY | O_DIRECTORY | O_CLOEXEC on Linux.</summary>
    private const int OpenDirectory = 0x10000 | 0x80000;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Windows has no directory handle to flush (NTFS journals the rename itself); other
            // systems have different flag values and are not run here.
            return;
        }

        var handle = Open(directory, OpenDirectory);
        if (handle < 0)
        {
            throw new IOException($"Could not open {directory} to make a rename in it durable (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(handle) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()}): the content moved into it may not survive a crash.");
            }
        }
        finally
        {
            _ = Close(handle);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int handle);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int handle);
}
