/**
 * Terminals: the console behind /dev/console, /dev/tty and (when javix's stdin is a host
 * terminal) the first process's fds 0–2.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link dev.javix.kernel.tty.Tty}: one terminal — settings, window size, the session it
 *       controls and its foreground process group, and the host streams it sits on.</li>
 *   <li>{@code LineDiscipline} (Linux's N_TTY): canonical line editing, echo, ISIG, input and
 *       output translations; pure logic, unit-tested without a kernel.</li>
 *   <li>{@link dev.javix.kernel.tty.Termios}: the settings and their guest layouts.</li>
 *   <li>{@code TtyIoctls}: the ioctl(2) requests; {@code JobControl}: the background-group
 *       rules (SIGTTIN, SIGTTOU, EIO for orphaned groups).</li>
 *   <li>{@link dev.javix.kernel.tty.TtyFile}: an open description of a terminal.</li>
 *   <li>{@link dev.javix.kernel.tty.HostTerminal}: the host side — raw mode on javix's own
 *       terminal, restored on every exit path, its size and SIGWINCH.</li>
 * </ul>
 *
 * <h2>Locks, outer first</h2>
 * {@code HostInput} (the host reader's buffer) → {@code Tty.outputLock} (host writes) →
 * {@code Tty} → {@code Process}. Signals are sent and wait queues woken with no terminal lock
 * held. The package uses {@code kernel.fs} (OpenFile, HostInput); {@code kernel.fs}'s devfs
 * and console files open terminals through {@link dev.javix.kernel.tty.Tty}.
 */
package dev.javix.kernel.tty;
