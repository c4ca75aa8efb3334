package dev.javix.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The javix command line: a thin shell over the embedding API (design decision 5). */
@Command(name = "javix", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"javix: an operating-system kernel in Java that runs RISC-V 64 Linux programs.", "",
            "With no command, or only options, javix boots the root image to a shell ('javix boot').", "",
            "Commands:"},
        subcommands = {BootCommand.class, RunCommand.class, SyscallsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'javix boot --help' or 'javix run --help' for their options."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given streams for javix's own messages (tests call this). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        // The front door, "javix" or "javix --root DIR", boots without picocli: building its
        // command model by reflection costs a third of the time to the first prompt.
        if (args.length == 0) return BootCommand.boot(err, null);
        if (args.length == 2 && args[0].equals("--root") && !args[1].startsWith("-")) {
            return BootCommand.boot(err, java.nio.file.Path.of(args[1]));
        }
        args = withDefaultCommand(args);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // Everything after PROGRAM belongs to the guest, options included (like env(1), nohup(1)).
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("javix: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("javix: " + ex);
            if (Boolean.getBoolean("javix.debug")) ex.printStackTrace(c.getErr());
            return 70;
        });
        return cl.execute(args);
    }

    /** "javix" and "javix --root DIR …" mean "javix boot …"; help and version options stay javix's own. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || java.util.Set.of("-h", "--help", "-V", "--version")
                .contains(args[0]))) {
            return args;
        }
        String[] boot = new String[args.length + 1];
        boot[0] = "boot";
        System.arraycopy(args, 0, boot, 1, args.length);
        return boot;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"javix " + (v == null ? "(development build)" : v),
                "RISC-V RV64IMAFDC user mode, Linux system call ABI; Java " + Runtime.version()};
        }
    }
}
