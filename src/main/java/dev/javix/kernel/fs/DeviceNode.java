package dev.javix.kernel.fs;

/** A device special file in a tmpfs: a mode with S_IFCHR (or S_IFBLK), st_rdev, and its driver. */
final class DeviceNode extends TmpNode {
    private final long rdev;
    private final Device device;

    DeviceNode(Tmpfs fs, int mode, long rdev, Device device) {
        super(fs, mode, 0, 0);
        this.rdev = rdev;
        this.device = device;
    }

    @Override
    long sizeLocked() {
        return 0;
    }

    @Override
    long rdev() {
        return rdev;
    }

    @Override
    OpenFile open(Location at, int flags, String path) throws FsException {
        return device.open(at, flags, path);
    }
}
