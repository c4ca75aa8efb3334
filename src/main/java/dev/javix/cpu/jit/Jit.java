package dev.javix.cpu.jit;

import dev.javix.mem.Mmu;
import dev.javix.mem.Page;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The compiler from hot guest code to JVM bytecode, one per interpreter (design decision 5:
 * no static mutable state). The interpreter reports every block head it reaches through
 * {@link #enter}; once a head has been entered {@link #threshold} times, the region starting
 * there is scanned ({@link Scan}), translated ({@link Emitter}) and defined as a hidden class
 * in the interpreter's package (so it may call the package-private M and A units), and cached
 * on the code page.
 *
 * <p>Compilation never fails the guest: any error (a verifier complaint, a method too large
 * for the JVM to optimise) leaves that head to the interpreter.
 */
public final class Jit {
    /** Most instructions per region; halved until the method fits {@link #MAX_CODE}. */
    private static final int MAX_INSNS = 400;
    /** Below this many instructions entering a region costs more than it saves. */
    private static final int MIN_INSNS = 3;
    /** HotSpot leaves methods longer than 8000 bytes (HugeMethodLimit) to the bytecode interpreter. */
    private static final int MAX_CODE = 7900;
    /** Marks a head that will not be compiled (heat never climbs back to the threshold). */
    private static final int NEVER = Integer.MIN_VALUE;

    private final MethodHandles.Lookup lookup;
    private final Mmu mmu;
    private final int threshold;
    private final boolean debug;

    // ---- statistics, touched only by the owning virtual CPU's thread
    private int compiled, failed, sequence, inlinedCalls, inlinedDirectCalls, regionCalls, straddling;

    /**
     * @param lookup a full-privilege lookup in package dev.javix.cpu, where regions are defined
     * @param mmu the virtual CPU's Mmu, to find the code of callees to inline
     * @param threshold block-head entries before the region there is compiled
     */
    public Jit(MethodHandles.Lookup lookup, Mmu mmu, int threshold, boolean debug) {
        this.lookup = lookup;
        this.mmu = mmu;
        this.threshold = Math.max(1, threshold);
        this.debug = debug;
    }

    /**
     * A control transfer reached {@code pc} (on page p, whose cache is cp): returns the region
     * compiled there, compiling it if pc just became hot, or null to keep interpreting.
     */
    public Region enter(Page p, CodePage cp, long pc) {
        int slot = (int) (pc & Page.MASK) >>> 1;
        Region[] rs = cp.regions;
        if (rs != null) {
            Region r = rs[slot];
            if (r != null && r.entry == pc) return r;
        }
        int[] heat = cp.heat;
        if (heat == null) cp.heat = heat = new int[CodePage.SLOTS];
        if (++heat[slot] != threshold) return null;
        // (A region compiled for this page at another address is replaced by one for this one.)
        Region r = compile(p, cp, pc);
        if (r == null) {
            heat[slot] = NEVER;
            return null;
        }
        rs = cp.regions;
        if (rs == null) cp.regions = rs = new Region[CodePage.SLOTS];
        rs[slot] = r;
        return r;
    }

    /**
     * The region a hot call from compiled code to {@code target} (on another page) should run,
     * compiling it now if the callee is hot and has none yet; null to leave the call to the
     * region's own code. A callee compiled here is shared: every caller and the interpreter
     * find it on its page, so a function called from many loops is compiled (and optimised by
     * the JVM) once. Calls nest at most {@link #MAX_DEPTH} deep, and a region never calls one
     * compiled after it, so there is no recursion.
     */
    private Region callee(long target) {
        Page p = mmu.cachedExecPage(target);
        if (p == null || !(p.decoded instanceof CodePage cp)) return null;
        int slot = (int) (target & Page.MASK) >>> 1;
        Region[] rs = cp.regions;
        Region r = rs != null ? rs[slot] : null;
        if (r == null || r.entry != target) {
            int[] heat = cp.heat;
            if (nesting >= MAX_NESTING || heat == null || heat[slot] < threshold / 4 || heat[slot] == NEVER) return null;
            nesting++;
            try {
                r = compile(p, cp, target);
            } finally {
                nesting--;
            }
            if (r == null) {
                heat[slot] = NEVER;
                return null;
            }
            rs = cp.regions;
            if (rs == null) cp.regions = rs = new Region[CodePage.SLOTS];
            rs[slot] = r;
        }
        return r.depth < MAX_DEPTH ? r : null;
    }

    /** Most regions one compiled call may lead through (JVM stack frames of nested regions). */
    private static final int MAX_DEPTH = 6;
    /** Most callee compilations in progress at once (a compilation started for a caller). */
    private static final int MAX_NESTING = 2;
    /** Callee compilations in progress. */
    private int nesting;

    /** Compiles the region entered at pc, or returns null if it cannot or should not be. */
    Region compile(Page p, CodePage cp, long pc) {
        try {
            for (int max = MAX_INSNS, next; max >= MIN_INSNS; max = next) {
                next = max / 2;
                Scan s = Scan.of(p, cp, pc, max, mmu, threshold / 4, this::callee);
                if (s.size < MIN_INSNS) return null;
                Emitter e = new Emitter(s);
                String name = "Region_" + Long.toHexString(pc) + "_" + sequence++;
                byte[] bytes = e.emit(name);
                int length = codeLength(bytes);
                if (length > MAX_CODE) {
                    // Try again with what should fit: the code grows about linearly with the instructions.
                    next = Math.min(s.size - 1, (int) ((long) s.size * MAX_CODE * 9 / 10 / length));
                    continue;
                }
                MethodHandles.Lookup hl = lookup.defineHiddenClassWithClassData(bytes, e.constants, true);
                Region r = (Region) hl.findConstructor(hl.lookupClass(), MethodType.methodType(void.class)).invoke();
                compiled++;
                inlinedCalls += s.inlined.size();
                inlinedDirectCalls += s.inlinedDirect;
                regionCalls += s.calls.size() + s.indirectCalls.size();
                straddling += s.straddling;
                if (debug) System.err.printf("jit: region %x: %d insns, %d blocks, %d inlined calls, %d callees taken in, %d region calls, %d bytes%n",
                        pc, s.size, s.blocks.size(), s.inlined.size(), s.inlinedDirect, s.calls.size(), bytes.length);
                if (debug) {
                    StringBuilder sb = new StringBuilder("  blocks:");
                    for (Scan.Block b : s.blocks) sb.append(' ').append(Long.toHexString(b.pc())).append('-').append(Long.toHexString(b.endPc()));
                    System.err.println(sb);
                }
                return r;
            }
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError v && !(t instanceof StackOverflowError)) throw v;
            failed++;
            if (debug) {
                System.err.printf("jit: region %x not compiled: %s%n", pc, t);
                t.printStackTrace();
            }
            return null;
        }
    }

    private static int codeLength(byte[] classFile) {
        ClassModel cm = ClassFile.of().parse(classFile);
        int max = 0;
        for (MethodModel mm : cm.methods()) {
            max = Math.max(max, mm.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0));
        }
        return max;
    }

    /** Regions compiled so far by this compiler. */
    public int compiled() {
        return compiled;
    }

    /** Indirect calls inlined into the regions compiled so far. */
    public int inlinedCalls() {
        return inlinedCalls;
    }

    /** Direct calls into another page whose callee the regions compiled so far took in whole. */
    public int inlinedDirectCalls() {
        return inlinedDirectCalls;
    }

    /** Calls (direct, or indirect to the profiled callee) from the regions compiled so far into other regions. */
    public int regionCalls() {
        return regionCalls;
    }

    /** Instructions across a page boundary in the regions compiled so far. */
    public int straddlingInsns() {
        return straddling;
    }

    /** Regions that failed to compile (each left to the interpreter). */
    public int failed() {
        return failed;
    }
}
