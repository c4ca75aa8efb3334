/**
 * Files: open file descriptions, descriptor tables, and the guest's file system tree.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link dev.javix.kernel.fs.OpenFile} (Linux's struct file) and its kinds: regular files
 *       ({@code RegularFile} over a {@code FileData}), directories ({@code DirFile}), devices
 *       ({@code Devfs.DeviceFile}), O_PATH handles ({@code PathFile}), the console
 *       ({@link dev.javix.kernel.fs.ConsoleFile}); {@link dev.javix.kernel.fs.FdTable}.</li>
 *   <li>{@link dev.javix.kernel.fs.Vfs}: the mount table ({@code MountTable}), the path walk ({@code PathWalk}) and
 *       every path operation (open in {@code Opener}, names in {@code Namespace}, attributes in
 *       {@code Attributes}), with Linux's argument rules and error order decided once, here,
 *       for every file system.</li>
 *   <li>File systems behind one interface ({@code FileSystem}, {@code Inode}): {@code Tmpfs}
 *       (in memory: {@code TmpDir}, {@code TmpFile}, {@code TmpSymlink}, {@code DeviceNode}),
 *       {@code HostFs} (a host directory, read-only or read-write: {@code HostNode},
 *       {@code HostFile}), and {@code Devfs} (a tmpfs of character devices at /dev, with a
 *       tmpfs at /dev/shm).</li>
 *   <li>IPC through files: {@link dev.javix.kernel.fs.Pipe} (pipe(7): anonymous pipes and the
 *       buffer of a FIFO), {@code FifoNode}/{@code FifoFile} (fifo(7): named pipes made by
 *       mknod, with the blocking open rules), {@link dev.javix.kernel.fs.FileLocks} (fcntl(2)
 *       record locks, POSIX and OFD), and the page caches that MAP_SHARED maps: a tmpfs file's
 *       own pages ({@code TmpFile}), and for host files {@code HostPages}, kept coherent with
 *       read/write and written back on msync, munmap, fsync and exit.</li>
 * </ul>
 *
 * <h2>Confinement of host mounts</h2>
 * No guest path reaches outside a mounted host directory. The walk gives a host file system
 * one name at a time (never ".", "..", or a '/'); ".." is resolved by the walk in the guest's
 * tree, never above the guest root nor by the host. Every host lookup uses NOFOLLOW_LINKS; a
 * host symbolic link is returned to the walk, which reads its target as a guest path (an
 * absolute target starts at the guest's root, so {@code /etc/passwd} is the guest's). The host
 * resolver is therefore only ever given paths made of directories the walk has seen to be real
 * directories under the mount, and the namespace lock keeps the guest from changing them in
 * between. Host device nodes and FIFOs are not opened (the mount behaves as "nodev", and a
 * host FIFO would block a host thread).
 *
 * <h2>Lock order</h2>
 * <pre>
 *   Vfs.namespace (read: walks, opens, stats, attribute changes; write: create, mkdir,
 *   │              unlink, rmdir, rename, link, symlink, mounting)
 *   └─ OpenFile (offset, status flags; RegularFile holds it across one read or write)
 *      └─ inode (TmpNode and subclasses: this; HostFile: this for appends and references)
 *         └─ Tmpfs counters (atomic) → MemoryAccount (atomic)
 *   FdTable (this) is a leaf: descriptions are closed after its lock is released.
 *   Pipe (this) → WaitQueue: a FIFO open joins the pipe and decides whether to wait under it.
 *   FileLocks (this) → WaitQueue: a leaf otherwise; taken with no other lock of this package.
 *   AddressSpace → TmpFile / HostPages (this): faults and write-back of shared mappings.
 * </pre>
 * Only one directory inode lock is held at a time (rename takes them in turn, under the
 * namespace write lock). No lock here is held while a task blocks. A page fault of a file
 * mapping reads file bytes under the AddressSpace lock, through a {@code MemoryObject} that takes
 * only the inode's lock (AddressSpace → inode); the reverse never happens, because the system
 * call layer copies to and from guest memory with no lock of this package held.
 */
package dev.javix.kernel.fs;
