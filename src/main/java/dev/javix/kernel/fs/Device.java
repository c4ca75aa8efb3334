package dev.javix.kernel.fs;

/**
 * A character device's driver: what opening its node gives (Linux's file_operations of a
 * cdev). Device nodes live in a tmpfs (devfs, later mknod); the driver is looked up here.
 */
@FunctionalInterface
interface Device {
    /** Opens the device reached at {@code at} (a {@link DeviceNode}). */
    OpenFile open(Location at, int flags, String path) throws FsException;
}
