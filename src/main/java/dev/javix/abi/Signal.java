package dev.javix.abi;

/**
 * Linux signal numbers (asm-generic/signal.h, used by riscv64), their names, default actions
 * (signal(7)) and the text a shell prints when one kills a process (glibc's strsignal).
 */
public final class Signal {
    private Signal() {}

    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21,
            SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28,
            SIGIO = 29, SIGPWR = 30, SIGSYS = 31, SIGRTMIN = 32, SIGRTMAX = 64;

    /** Default actions of signal(7). */
    public enum Action { TERMINATE, CORE, IGNORE, STOP, CONTINUE }

    private static final String[] NAMES = {"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private static final String[] DESCRIPTIONS = {"Unknown signal 0", "Hangup", "Interrupt", "Quit",
        "Illegal instruction", "Trace/breakpoint trap", "Aborted", "Bus error", "Floating point exception",
        "Killed", "User defined signal 1", "Segmentation fault", "User defined signal 2", "Broken pipe",
        "Alarm clock", "Terminated", "Stack fault", "Child exited", "Continued", "Stopped (signal)", "Stopped",
        "Stopped (tty input)", "Stopped (tty output)", "Urgent I/O condition", "CPU time limit exceeded",
        "File size limit exceeded", "Virtual timer expired", "Profiling timer expired", "Window changed",
        "I/O possible", "Power failure", "Bad system call"};

    public static boolean valid(int sig) {
        return sig >= 1 && sig <= SIGRTMAX;
    }

    public static String name(int sig) {
        if (sig >= 0 && sig < NAMES.length) return NAMES[sig];
        if (sig >= SIGRTMIN && sig <= SIGRTMAX) return sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (sig - SIGRTMIN);
        return "SIG" + sig;
    }

    /** What a shell prints for a process this signal killed, e.g. "Segmentation fault". */
    public static String description(int sig) {
        if (sig >= 0 && sig < DESCRIPTIONS.length) return DESCRIPTIONS[sig];
        if (sig >= SIGRTMIN && sig <= SIGRTMAX) return "Real-time signal " + (sig - SIGRTMIN);
        return "Unknown signal " + sig;
    }

    public static Action defaultAction(int sig) {
        return switch (sig) {
            case SIGCHLD, SIGURG, SIGWINCH -> Action.IGNORE;
            case SIGCONT -> Action.CONTINUE;
            case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> Action.STOP;
            case SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS -> Action.CORE;
            default -> Action.TERMINATE;
        };
    }
}
