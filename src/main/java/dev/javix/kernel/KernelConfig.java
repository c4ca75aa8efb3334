package dev.javix.kernel;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link Kernel} is set up: what it mounts, how many virtual CPUs it runs, how much
 * memory guests may use, where the console is. Built by the CLI or by tests.
 *
 * @param root       host directory mounted read-only as the guest's /
 * @param extraMounts further host directories: guest path → host path, read-only
 * @param cpus       virtual CPUs (host threads running guest code)
 * @param memoryBytes limit on guest memory, all processes together
 * @param stdin      console input (fd 0 of the first process)
 * @param stdout     console output (fd 1)
 * @param stderr     console error output (fd 2)
 * @param trace      where --trace lines go, or null for no trace
 * @param uid        the guest user's id (root by default)
 * @param gid        the guest user's group id
 * @param maxTasks   kernel-wide limit on tasks (Linux's threads-max): fork answers EAGAIN past it
 * @param deterministic one virtual CPU, virtual time and seeded preemption (design decision 7)
 * @param seed       the seed of a deterministic run: preemption points and random bytes
 * @param net        what AF_INET/AF_INET6 sockets may reach on the host ({@link NetMode})
 * @param terminal   the console is a terminal (javix's stdin is a host tty in raw mode): the
 *                   kernel's line discipline echoes and edits, rather than the host's
 */
public record KernelConfig(Path root, List<Mount> extraMounts, int cpus, long memoryBytes, InputStream stdin,
        OutputStream stdout, OutputStream stderr, PrintStream trace, int uid, int gid, int maxTasks,
        boolean deterministic, long seed, NetMode net, boolean terminal) {

    /**
     * Guest networking: LOOPBACK (the default) lets a guest bind and connect only on the host's
     * loopback (a bind to the wildcard address binds 127.0.0.1); HOST lifts that; NONE gives the
     * guest no AF_INET/AF_INET6 at all.
     */
    public enum NetMode { LOOPBACK, HOST, NONE }

    /** A host directory visible in the guest. */
    public record Mount(String guestPath, Path hostPath, boolean writable) {}

    public static final long DEFAULT_MEMORY = 1L << 30;
    public static final int DEFAULT_MAX_TASKS = 4096;

    /** Defaults: the given root, host core count CPUs, 1 GiB, the JVM's standard streams, root user. */
    public static KernelConfig defaults(Path root) {
        return new KernelConfig(root, List.of(), Runtime.getRuntime().availableProcessors(), DEFAULT_MEMORY,
                System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out),
                new java.io.FileOutputStream(java.io.FileDescriptor.err), null, 0, 0, DEFAULT_MAX_TASKS, false, 0, NetMode.LOOPBACK, false);
    }

    public KernelConfig withStreams(InputStream in, OutputStream out, OutputStream err) {
        return new KernelConfig(root, extraMounts, cpus, memoryBytes, in, out, err, trace, uid, gid, maxTasks, deterministic, seed, net, terminal);
    }

    public KernelConfig withMounts(List<Mount> mounts) {
        return new KernelConfig(root, List.copyOf(mounts), cpus, memoryBytes, stdin, stdout, stderr, trace, uid, gid, maxTasks, deterministic, seed, net, terminal);
    }

    public KernelConfig withCpus(int n) {
        return new KernelConfig(root, extraMounts, deterministic ? 1 : n, memoryBytes, stdin, stdout, stderr, trace, uid,
                gid, maxTasks, deterministic, seed, net, terminal);
    }

    public KernelConfig withMemory(long bytes) {
        return new KernelConfig(root, extraMounts, cpus, bytes, stdin, stdout, stderr, trace, uid, gid, maxTasks, deterministic, seed, net, terminal);
    }

    /** The guest user the first process runs as (root, 0:0, by default). */
    public KernelConfig withUser(int userId, int groupId) {
        return new KernelConfig(root, extraMounts, cpus, memoryBytes, stdin, stdout, stderr, trace, userId, groupId,
                maxTasks, deterministic, seed, net, terminal);
    }

    public KernelConfig withMaxTasks(int n) {
        return new KernelConfig(root, extraMounts, cpus, memoryBytes, stdin, stdout, stderr, trace, uid, gid, n, deterministic, seed, net, terminal);
    }

    /** A deterministic run with the given seed (one virtual CPU, virtual time). */
    public KernelConfig withDeterminism(long seed) {
        return new KernelConfig(root, extraMounts, 1, memoryBytes, stdin, stdout, stderr, trace, uid, gid, maxTasks,
                true, seed, net, terminal);
    }

    public KernelConfig withTrace(PrintStream out) {
        return new KernelConfig(root, extraMounts, cpus, memoryBytes, stdin, stdout, stderr, out, uid, gid, maxTasks, deterministic, seed, net, terminal);
    }

    public KernelConfig withNet(NetMode mode) {
        return new KernelConfig(root, extraMounts, cpus, memoryBytes, stdin, stdout, stderr, trace, uid, gid, maxTasks,
                deterministic, seed, mode, terminal);
    }

    /** The console is a host terminal in raw mode: the guest's line discipline does echo and editing. */
    public KernelConfig withTerminal(boolean isTerminal) {
        return new KernelConfig(root, extraMounts, cpus, memoryBytes, stdin, stdout, stderr, trace, uid, gid, maxTasks,
                deterministic, seed, net, isTerminal);
    }
}
