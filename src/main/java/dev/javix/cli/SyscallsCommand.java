package dev.javix.cli;

import dev.javix.syscall.SyscallDoc;
import picocli.CommandLine.Command;

/** {@code javix syscalls}: prints the system call support table (docs/syscalls.md). */
@Command(name = "syscalls", mixinStandardHelpOptions = true,
        description = "Print the system call support table as Markdown (the source of docs/syscalls.md).")
final class SyscallsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(SyscallDoc.markdown());
        spec.commandLine().getOut().flush();
    }
}
