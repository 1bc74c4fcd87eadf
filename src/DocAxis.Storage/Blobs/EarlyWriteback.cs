using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Asks Linux to start writing a file's dirty pages to disk while more of the file is still
/// arriving. Without it a large attachment sits in the page cache until its final fsync, which then
/// writes all of it while the sender waits: receiving and writing happen one after the other
/// instead of together (a 1 GB letter: ~1.7 s on the wire, then ~2 s of fsync). Where the call is
/// missing or refused, the final fsync alone does the work, as before.
/// </summary>
internal static partial class EarlyWriteback
{
    /// <summary>SYNC_FILE_RANGE_WRITE: start writeback of the range's dirty pages, do not wait for it.</summary>
    private const uint StartWriting = 2;

    private static volatile bool _unavailable = !OperatingSystem.IsLinux();

    public static void Start(SafeFileHandle file, long offset, long length)
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            // A failure here costs nothing but the head start: durability comes from the fsync.
            _ = SyncFileRange(file, offset, length, StartWriting);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle file, long offset, long length, uint flags);
}
