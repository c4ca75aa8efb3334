package dev.javix.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.testing.GuestRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's /bin/sh (guest/bin/sh.c) run inside javix: scripts through stdin or {@code sh -c},
 * checked for stdout and exit status. Where a script uses only POSIX builtins, the host's dash
 * runs it too as an oracle. Interactive job control through a terminal is tested with the tty.
 */
class ShellTest {
    /** Host directory mounted read-only at /t: scripts with and without the execute bit. */
    @TempDir
    static Path scripts;

    record Run(String out, String err, int status) {}

    @BeforeAll
    static void writeScripts() throws Exception {
        assertTrue(Files.isExecutable(GuestRun.image().resolve("bin/sh")), "the image has no /bin/sh: build the guest first");
        write("hello.sh", "#!/bin/sh\necho \"hello from $0: $# args: $*\"\nexit 4\n", "rwxr-xr-x");
        write("plain", "echo \"no #! line, run by sh: $1\"\n", "rwxr-xr-x");
        write("notexec.sh", "#!/bin/sh\necho never\n", "rw-r--r--");
        write("lib.sh", "greet() { echo \"hi $1\"; }\nlibvar=\"set by lib ($#: $*)\"\nreturn 6\necho not reached\n", "rw-r--r--");
    }

    private static void write(String name, String text, String perms) throws Exception {
        Path p = scripts.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    /** Runs /bin/sh ARGS in a fresh kernel with stdin, in /tmp, PATH=/bin. */
    static Run javix(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        KernelConfig config = KernelConfig.defaults(GuestRun.image())
                .withMounts(List.of(new KernelConfig.Mount("/t", scripts, false)))
                .withStreams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err)
                .withCpus(2);
        List<String> argv = new ArrayList<>(List.of("sh"));
        argv.addAll(List.of(args));
        List<String> env = List.of("PATH=/bin:/usr/bin", "HOME=/tmp", "LANG=C");
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Kernel k = new Kernel(config)) {
            Future<Integer> f = ex.submit(() -> k.run("/bin/sh", argv, env, "/tmp"));
            int status = f.get(GuestRun.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int sig = status & 0x7f;
            int code = sig == 0 ? (status >> 8) & 0xff : 128 + sig;
            return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
        } finally {
            ex.shutdownNow();
        }
    }

    /** Runs the host's dash with the same script on stdin, in a scratch directory. */
    static Run dash(String stdin, Path cwd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("dash").directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", cwd.toString());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(out, err, p.exitValue());
    }

    static boolean dashAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/dash")) || Files.isExecutable(Path.of("/bin/dash"));
    }

    private static void check(Run r, String out, int status) {
        assertEquals(out, r.out(), "stdout; stderr was:\n" + r.err());
        assertEquals(status, r.status(), "status; stderr was:\n" + r.err());
    }

    @Test
    void pipelinesOfThreeAndMoreStagesUseTheImagesTools() throws Exception {
        Run r = javix("""
                { echo 3; echo 1; echo 2; echo 11; } | grep 1 | cat | cat | wc -l
                echo one | cat | cat | cat | cat | cat
                false | true; echo "last of pipeline: $?"
                true | false; echo "last of pipeline: $?"
                ! true | false; echo "negated: $?"
                """);
        check(r, "2\none\nlast of pipeline: 0\nlast of pipeline: 1\nnegated: 0\n", 0);
    }

    @Test
    void redirections() throws Exception {
        Run r = javix("""
                echo first > f; echo second >> f; cat < f
                ls /no/such 2> e; echo "ls: $?"; grep -c 'No such' e
                { echo out; ls /no/such; } > both 2>&1; wc -l < both
                { echo to-stderr >&2; } 2>&1 >/dev/null | cat
                echo via-3 3> three >&3; cat three
                exec 4< f; read a <&4; read b <&4; exec 4<&-; echo "$a/$b"
                read c <&4; echo "closed fd: $?"
                cat <<EOF
                here $a $((1 + 2))
                EOF
                cat <<'EOF'
                literal $a
                EOF
                > /dev/null echo redirection-first
                cat /no/file 2>/dev/null || echo "cat failed: $?"
                """);
        check(r, "first\nsecond\nls: 2\n1\n2\nto-stderr\nvia-3\nfirst/second\nclosed fd: 1\nhere first 3\n"
                + "literal $a\ncat failed: 1\n", 0);
        assertTrue(r.err().contains("sh: 4: Bad file descriptor"), r.err());
    }

    @Test
    void commandNotFoundIs127AndNotExecutableIs126() throws Exception {
        Run r = javix("no_such_command; echo \"status $?\"; /t/notexec.sh; echo \"status $?\"; /t; echo \"status $?\"\n"
                + "./nope; echo \"status $?\"\n");
        check(r, "status 127\nstatus 126\nstatus 126\nstatus 127\n", 0);
        assertTrue(r.err().contains("sh: no_such_command: command not found"), r.err());
        assertTrue(r.err().contains("sh: /t/notexec.sh: Permission denied"), r.err());
        assertTrue(r.err().contains("sh: /t: Is a directory"), r.err());
        assertTrue(r.err().contains("sh: ./nope: No such file or directory"), r.err());
        assertEquals(127, javix("", "-c", "no_such_command").status());
    }

    @Test
    void scriptsWithArgumentsShebangAndSource() throws Exception {
        Run r = javix("""
                cat > /tmp/s.sh <<'EOF'
                echo "script $0 has $# args: $1 [$2]"
                for a in "$@"; do echo "<$a>"; done
                shift; echo "after shift: $*"
                exit 9
                EOF
                sh /tmp/s.sh one "two words" three; echo "sh script: $?"
                /t/hello.sh a b; echo "shebang: $?"
                /t/plain x; echo "no shebang: $?"
                . /t/lib.sh p q; echo "source: $? $libvar"; greet you
                source /t/lib.sh; echo "$libvar"
                """);
        check(r, "script /tmp/s.sh has 3 args: one [two words]\n<one>\n<two words>\n<three>\nafter shift: two words three\n"
                + "sh script: 9\nhello from /t/hello.sh: 2 args: a b\nshebang: 4\nno #! line, run by sh: x\nno shebang: 0\n"
                + "source: 6 set by lib (2: p q)\nhi you\nset by lib (0: )\n", 0);
    }

    @Test
    void dashCOptionArgumentsAndExitStatus() throws Exception {
        check(javix("", "-c", "echo \"$0 $1 $2 $#\"; exit 3", "zero", "one", "two"), "zero one two 2\n", 3);
        check(javix("", "-c", "false"), "", 1);
        check(javix("", "-c", "cat <<EOF\nhere-document ends the string $((6*7))\nEOF"), "here-document ends the string 42\n", 0);
        check(javix("", "-c", "kill -TERM $$; echo survived"), "", 128 + 15);
        Run syntax = javix("", "-c", "echo a; if then");
        check(syntax, "", 2);
        assertTrue(syntax.err().contains("sh: syntax error near unexpected token `then'"), syntax.err());
    }

    @Test
    void backgroundJobsWaitAndBang() throws Exception {
        Run r = javix("""
                sleep 0.2 & pid=$!
                [ "$pid" -gt 1 ] && echo "bang is a pid"
                wait $pid; echo "wait pid: $?"
                (exit 3) & wait $!; echo "wait subshell: $?"
                sleep 5 & kill -9 $!; wait $!; echo "killed: $?"
                { sleep 0.1; echo bg-list; } & wait; echo "waited all"
                false & wait %1; echo "job spec: $?"
                wait 12345; echo "not a child: $?"
                echo x | (read v; echo "bg pipeline read $v") & wait
                """);
        check(r, "bang is a pid\nwait pid: 0\nwait subshell: 3\nkilled: 137\nbg-list\nwaited all\njob spec: 1\n"
                + "not a child: 127\nbg pipeline read x\n", 0);
    }

    @Test
    void scriptOnStdinSharesItWithTheCommandsItRuns() throws Exception {
        Run r = javix("""
                read line
                this line is data
                echo "read: $line"
                sh -c 'read l; echo "child read: $l"'
                this line goes to the child
                echo end
                """);
        check(r, "read: this line is data\nchild read: this line goes to the child\nend\n", 0);
    }

    @Test
    void variablesEnvironmentAndExport() throws Exception {
        Run r = javix("""
                x=1; FOO=per-command sh -c 'echo "child sees $FOO, x=[$x]"'; echo "FOO after: [$FOO]"
                export x; sh -c 'echo "exported x=$x"'
                export Y=why; env | grep '^Y='
                unset Y; sh -c 'echo "unset Y=[$Y]"'
                echo "$$" | grep -c '^[0-9][0-9]*$'
                v=abc.tar.gz; echo ${v%.gz} ${v%%.*} ${v#*.} ${v##*.} ${#v} ${none:-dflt} ${v:+alt}
                """);
        check(r, "child sees per-command, x=[]\nFOO after: []\nexported x=1\nY=why\nunset Y=[]\n1\n"
                + "abc.tar abc tar.gz gz 10 dflt alt\n", 0);
    }

    @Test
    void loginShellJobsListingPipefailAndXtrace() throws Exception {
        Run r = javix("""
                echo 'FROM_PROFILE="read ~/.profile"' > /tmp/.profile
                sh -l -c 'echo "$FROM_PROFILE"'
                sh -c 'echo "[$FROM_PROFILE]"'
                sleep 5 & jobs; kill %1; wait %1; echo "killed job: $?"
                jobs; echo "no jobs left"
                set -o pipefail; (exit 3) | (exit 4) | true; echo "pipefail: $?"; set +o pipefail
                (set -x; echo traced) 2>&1
                time_out=$( { time true; } 2>&1 ); case "$time_out" in *real*user*sys*) echo timed;; esac
                x=abcdef; echo ${x:2} ${x:1:3} ${x: -2} ${x:2:-1} ${x:10}.
                """);
        check(r, "read ~/.profile\n[]\n[1]+  Running                 sleep 5 &\nkilled job: 143\nno jobs left\n"
                + "pipefail: 4\n+ echo traced\ntraced\ntimed\ncdef bcd ef cde .\n", 0);
    }

    /** -i without a terminal (a scripted getty session): prompts on stderr, job notices, errors survived. */
    @Test
    void interactiveWithoutATerminal() throws Exception {
        Run r = javix("""
                PS1='prompt$ '
                echo one
                if then
                echo after-syntax-error
                sleep 0.1 &
                sleep 0.5
                echo end
                exit 5
                """, "-i");
        check(r, "one\nafter-syntax-error\nend\n", 5);
        assertTrue(r.err().contains("prompt$ "), r.err());
        assertTrue(r.err().contains("sh: syntax error near unexpected token `then'"), r.err());
        assertTrue(r.err().matches("(?s).*\\[1\\] \\d+\n.*"), r.err());
        assertTrue(r.err().contains("[1]+  Done                    sleep 0.1"), r.err());
        assertTrue(r.err().endsWith("exit\n"), r.err());
    }

    @Test
    void cdPwdAndHome() throws Exception {
        Run r = javix("""
                cd /bin; pwd; cd /; echo "$PWD $OLDPWD"; cd -; cd; pwd
                cd /no/such; echo "cd: $?"
                """);
        check(r, "/bin\n/ /bin\n/bin\n/tmp\ncd: 1\n", 0);
        assertTrue(r.err().contains("sh: cd: /no/such: No such file or directory"), r.err());
    }

    /** A longer POSIX script: recursion through $(...), loops, case, IFS, here-documents, "$@". */
    private static final String LONGER_SCRIPT = """
            fib() { if [ "$1" -le 1 ]; then echo "$1"; else a=$(fib $(($1 - 1))); b=$(fib $(($1 - 2))); echo $((a + b)); fi; }
            echo "fib 10 = $(fib 10)"
            count=0
            for word in the quick brown fox jumps over the lazy dog; do
              case $word in
                the|a|an) continue ;;
                *o*) count=$((count + 1)); echo "has o: $word" ;;
                *) : ;;
              esac
            done
            echo "count=$count"
            old_ifs=$IFS; IFS=,
            set -- $(echo "x,y,,z")
            IFS=$old_ifs
            echo "n=$# first=$1 third=[$3] last=$4"
            while [ $# -gt 0 ]; do echo "$1;"; shift; done
            cat <<EOF | while read k v; do echo "key=$k val=$v"; done
            alpha 1
            beta 2 and more
            EOF
            i=0
            until [ $i -ge 3 ]; do
              j=0
              while :; do j=$((j + 1)); [ $j -gt $i ] && break; echo "$i$j"; done
              i=$((i + 1))
            done
            s="Hello, World"
            echo "${s%%,*} | ${s#*, } | ${#s}"
            x=${undefined:-"default with space"}; echo "$x"
            { echo stdout; echo stderr >&2; } 2>&1 | cat
            echo "$(echo "$(echo "nested $(echo deep)")")"
            f() { echo "args: $#"; for a; do echo " <$a>"; done; }
            f "a b" c "" 'd e'
            f $(echo "a b" c)
            exit_code() { return $1; }
            exit_code 7; echo "rc=$?"
            [ "a" \\< "b" ] && echo lt
            test -n "x" -a -z "" && echo both
            echo done
            """;

    /** POSIX-only scripts: javix's sh and the host's dash must agree on stdout and status. */
    @Test
    void agreesWithDashOnPosixScripts(@TempDir Path cwd) throws Exception {
        Assumptions.assumeTrue(dashAvailable(), "dash is not installed");
        List<String> cases = List.of(
                "echo \"a'b\" 'a\"b' \"a\\\"b\" a\\ b \"x\\$y\" \"back\\\\slash\"; echo 'it''s' # comment\n",
                "x=5; echo \"$x\" '$x' \\$x ${x}y; unset x; echo \"[$x]\"\n",
                "false && echo no || echo yes; true && echo yes2; false || false || echo third; echo $?\n",
                "v='a  b   c'; for w in $v; do echo \"[$w]\"; done; echo \"$v\"\n",
                "set -- p1 'p 2' '' p4; echo $#; for a in \"$@\"; do echo \"<$a>\"; done; for a in $@; do echo \"[$a]\"; done; echo \"$*\"\n",
                "IFS=:; v='a:b::c'; for p in $v; do echo \"[$p]\"; done\n",
                "x=; echo \"[${x:-empty}] [${x-unset}] [${y:=assigned}] $y [${x:+alt}] [${y:+alt}]\"\n",
                "f() { echo \"in f: $1 $#\"; return 3; }; f one two; echo \"f: $?\"\n",
                "i=0; while [ $i -lt 5 ]; do i=$((i+1)); [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done; echo end $i\n",
                "for i in 1 2; do for j in 1 2 3; do [ $j = 2 ] && continue 2; echo $i$j; done; done\n",
                "case foo.c in *.h) echo h;; *.c|*.cc) echo c;; esac; case x in y) echo no;; esac; echo $?\n",
                "if false; then echo a; elif true; then echo b; else echo c; fi; until true; do :; done; echo done\n",
                "echo $((3*4+2)) $((10/3)) $((10%3)) $(( (1+2)*3 )) $((1<2)) $((2<=1)) $((5==5&&0)) $((1?7:8)) $((-3+1))\n",
                "echo $(echo sub $(echo nested)) `echo back`; x=$(false); echo $?; echo \"$(echo 'a\n\nb')\"\n",
                "(exit 7); echo $?; var=outer; (var=inner; echo $var); echo $var; { echo g1; echo g2; }\n",
                "cat <<EOF\nline $((1+1))\n\\$notexpanded\nEOF\ncat <<-EOF\n\ttabs stripped\n\tEOF\n",
                "read a b <<EOF\none two three\nEOF\necho \"$a|$b\"\n",
                "a=abc.tar.gz; echo ${a%.gz} ${a%%.*} ${a#*.} ${a##*.} ${#a}\n",
                "echo before; exit 5; echo after\n",
                "echo one; if true; then\n  echo two\nfi\nfor x in a \\\n b; do\n echo $x\ndone\n",
                "[ -d / ] && echo dir; [ -f /nonexistent ] || echo nofile; test abc = abc && echo eq; [ 2 -gt 10 ]; echo $?\n",
                "echo a; nosuchcommand_xyz 2>/dev/null; echo $?\n",
                "x=1; x=2 y=3; echo $x $y; readonly_not=1; echo ${readonly_not}\n",
                "trap 'echo \"exiting with $?\"' EXIT; trap 'echo got TERM' TERM; kill -TERM $$; echo after; trap\n"
                        + "trap - TERM; trap '' USR1; kill -USR1 $$; echo ignored; (trap) | cat; f() { exit 3; }; f; echo never\n",
                "f() { local a=inner b; a=changed; b=x; echo \"in: $a $b\"; g; }; g() { echo \"g sees $a\"; }; a=outer; b=B; f; echo \"out: $a $b\"\n",
                "set -e; true; false || echo handled; echo still; false; echo not-reached\n",
                "cat > data <<'EOF'\nl1 a\nl2 b\\\ncont\nl3\nEOF\nwhile read x y; do echo \"[$x|$y]\"; done < data\n"
                        + "{ read a; cat; } < data\n{ read a; read b; read -r c; echo \"$a/$b/$c\"; } < data\n",
                "alias say='echo said:' ll='say long'\nsay hello; ll x\nalias echo='echo [e]'\necho guard; FOO=1 say assigned\n"
                        + "unalias echo; echo same-line\necho next-line; alias l2='{ echo grouped; }'\nl2 | cat\n",
                "p() { OPTIND=1; while getopts ab:c o \"$@\"; do case $o in b) echo \"b=$OPTARG\";; \\?) echo bad;; *) echo $o;; esac; done;"
                        + " shift $((OPTIND - 1)); echo \"rest: $*\"; }\np -a -bX -c -- f1 f2; p -ac -b Y arg; p -z -a 2>/dev/null; p -b 2>/dev/null; p plain -a\n",
                "readonly R=1; echo $R; R=2; echo not-reached\n",
                "set -e; false || false; echo not-reached\n",
                "set -e; f() { false; return 0; }; f && echo cond-ok; false && true; ! true; x=$(true); true && false; echo no\n",
                LONGER_SCRIPT,
                "echo 'unterminated\n");
        StringBuilder diffs = new StringBuilder();
        for (String script : cases) {
            Run mine = javix(script), oracle = dash(script, cwd);
            if (!mine.out().equals(oracle.out()) || mine.status() != oracle.status()) {
                diffs.append("script:\n").append(script).append("javix sh (").append(mine.status()).append("):\n")
                        .append(mine.out()).append(mine.err()).append("dash (").append(oracle.status()).append("):\n")
                        .append(oracle.out()).append(oracle.err()).append("----\n");
            }
        }
        assertEquals("", diffs.toString());
    }
}
