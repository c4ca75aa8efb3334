package dev.javix.cpu.jit;

import dev.javix.cpu.Decoder;
import dev.javix.cpu.Insn;
import dev.javix.cpu.Op;
import dev.javix.mem.Mmu;
import dev.javix.mem.Page;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the code of a region: starting at the entry pc, the instructions reachable by
 * fall-through, conditional branches and jal, up to a size cap, cut into basic blocks. A block
 * ends at a branch, jal or jalr, before the next block's head, at a page boundary, or before an
 * instruction the region does not translate ({@link #translatable}): there the compiled code
 * returns to the interpreter, which runs that instruction itself.
 *
 * <p>Hot path first. The walk follows fall-through, jal targets and the branch targets the
 * interpreter often saw taken (its block-head entry counts, {@link CodePage#heat}); with the
 * room left it adds the rest of the code on the entry's page, so a rarely taken branch there
 * stays inside the region, while cold code elsewhere never makes a region bigger (bigger
 * methods take the JVM longer to compile and give it more branches to deoptimise on).
 *
 * <p>Pages. Hot code may run on into other pages (a function called from a loop, the return
 * from it), at most {@link #MAX_PAGES} in all, but only pages the virtual CPU has just executed
 * (in its Mmu's execute TLB): exploring never faults or fills a page. Every page is recorded
 * with the {@link CodePage} the code was read from ({@link #pages}); the compiled code checks
 * on each edge into another page that the pc still reaches that Page with that CodePage (see
 * {@link Emitter}), and leaves the region otherwise.
 *
 * <p>Calls. A hot call (jal that links) into another page whose callee has a compiled region
 * of its own, or is hot enough to get one now, is not explored: the region calls the callee's
 * region ({@link #calls}), so a function called from many places is compiled once and shared.
 * Unless the callee's hot path is short ({@link #smallHotCallee}, as glibc's
 * pthread_mutex_lock and unlock are when uncontended): then a region call (a JVM call, around
 * which C2 stores the registers it holds and loads them again) costs more than the callee
 * itself, and the callee's hot path is explored into the caller's region like a jump (cold
 * paths off it leave the region).
 * The address after any other linking jal is explored too: the callee's {@code jalr} return,
 * when the callee is in the region, can then jump straight back in.
 *
 * <p>Indirect calls ({@code jalr} that links, as through a function pointer) are inlined when
 * the interpreter saw where they went ({@link CodePage#noteCall}) and the callee there is a
 * small leaf: at most {@link #INLINE_MAX} instructions on its own page, returning only by
 * {@code ret} and leaving ra alone. The compiled call then checks that it goes to the same
 * place before entering the inlined copy (and, as on every edge into another page, that the
 * callee's page is still the one it was read from); otherwise it leaves the region as any jalr
 * does.
 *
 * <p>Finally the blocks are put in reverse postorder ({@link #order}), the layout of the
 * compiled method.
 */
final class Scan {
    /** One basic block: instructions at consecutive pcs. */
    record Block(long pc, List<Insn> insns, List<Long> pcs, long endPc) {
        Insn last() {
            return insns.get(insns.size() - 1);
        }

        long lastPc() {
            return pcs.get(pcs.size() - 1);
        }
    }

    final long entry;
    /** Blocks in pc order; the entry block is among them. */
    final List<Block> blocks = new ArrayList<>();
    /** The same blocks in reverse postorder from the entry (see {@link #order}); the entry first. */
    final List<Block> ordered = new ArrayList<>();
    /** Position of each block (by its pc) in {@link #ordered}. */
    private final Map<Long, Integer> rank = new HashMap<>();
    /** Addresses following a linking jal inside the region (where a return may land). */
    final List<Long> returnSites = new ArrayList<>();
    /** An inlined indirect call: its expected target. */
    record Inline(long target) {}
    /** A page the region's code was read from, with the decoded-code cache it was read through. */
    record PageRef(Page page, CodePage code) {}
    /** The pages of the region's code by page base address; the entry's page is among them. */
    final Map<Long, PageRef> pages = new HashMap<>();
    /** Calls (linking jal, by pc) that run the callee's own compiled region (see {@link Emitter}). */
    final Map<Long, Region> calls = new HashMap<>();
    /** Finds or compiles the region of a hot callee at a pc, or answers null (may itself be null). */
    private java.util.function.LongFunction<Region> callees;
    /**
     * Indirect calls (by the pc of their jalr) whose profiled callee is too big to inline but has
     * a compiled region: when the call goes there again, the region calls that region as it
     * does a direct call's ({@link #calls}), instead of leaving for it and being left again by
     * its return (glibc's stdio calls through function tables on every character it formats).
     */
    final Map<Long, Region> indirectCalls = new HashMap<>();
    /** Inlined indirect calls by the pc of their jalr. */
    final Map<Long, Inline> inlined = new HashMap<>();
    /** Direct calls into another page whose small callee was explored into the region ({@link #smallHotCallee}). */
    int inlinedDirect;
    /** Instructions across a page boundary in the region ({@link #straddling}). */
    int straddling;
    int size;

    /** Most instructions of an inlined callee. */
    static final int INLINE_MAX = 48;
    /** Most instructions on the hot path of a directly called function explored into its caller. */
    static final int INLINE_HOT_MAX = 64;
    /** Most pages one region's code comes from. */
    static final int MAX_PAGES = 4;
    /**
     * Most pages a region depends on: its code's, its region calls' callees' and those whose
     * heat it read. Each is a bit of the compiled code's mask of pages checked ({@code Emitter}).
     */
    static final int MAX_GUARDED_PAGES = 16;

    private Scan(long entry) {
        this.entry = entry;
    }

    /**
     * Scans the region entered at pc (which must lie in page p) with at most max instructions;
     * mmu (may be null: the entry page only) finds the other pages the code runs on into; a
     * branch target is hot after hotCount entries; callees (may be null) gives the regions that
     * hot calls into other pages run.
     */
    static Scan of(Page p, CodePage cp, long pc, int max, Mmu mmu, int hotCount,
            java.util.function.LongFunction<Region> callees) {
        Scan s = new Scan(pc);
        s.hotCount = Math.max(1, hotCount);
        s.callees = callees;
        s.explore(p, cp, max, mmu);
        return s;
    }

    /** Whether the region translates op; anything else ends a block and is left to the interpreter. */
    static boolean translatable(int op) {
        return switch (op) {
            case Op.ILLEGAL, Op.ECALL, Op.EBREAK, Op.FENCE_I,
                    Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> false;
            default -> op > 0 && op < Op.COUNT;
        };
    }

    static boolean isBranch(int op) {
        return op >= Op.BEQ && op <= Op.BGEU;
    }

    /** Ends a basic block (control leaves the straight line). */
    static boolean endsBlock(int op) {
        return isBranch(op) || op == Op.JAL || op == Op.JALR;
    }

    /**
     * The page holding pc, recorded among the region's {@link #pages}, if the virtual CPU has
     * just executed it and the region may depend on one more page; else null. Pages the
     * region only looks at (a branch target's heat) or calls into (a callee's region, whose
     * page the call checks) count here but not among the {@link #MAX_PAGES} its code may come
     * from ({@link #codePage}). When they counted, a region in glibc's vfprintf, which spans
     * three pages, had no page left for its callees' regions and left itself at those calls
     * (guest/bench/http_parse: 52 region exits per request then, 43 now).
     */
    private PageRef page(long pc, Mmu mmu) {
        long base = pc & ~Page.MASK;
        PageRef r = pages.get(base);
        if (r != null || mmu == null || pages.size() >= MAX_GUARDED_PAGES) return r;
        Page p = mmu.cachedExecPage(pc);
        if (p == null || !(p.decoded instanceof CodePage cp)) return null;
        r = new PageRef(p, cp);
        pages.put(base, r);
        return r;
    }

    /** The page holding pc if the region may read code from it (see the class comment), or null. */
    private PageRef codePage(long pc, Mmu mmu) {
        PageRef r = page(pc, mmu);
        if (r == null) return null;
        long base = pc & ~Page.MASK;
        if (codePages.contains(base)) return r;
        if (codePages.size() >= MAX_PAGES) return null;
        codePages.add(base);
        return r;
    }

    /** The pages the region's code was read from: at most {@link #MAX_PAGES}. */
    private final Set<Long> codePages = new HashSet<>();

    /**
     * Whether the interpreter often saw control arrive at pc by a taken branch or jump (its
     * entry count there is at least {@link #hotCount}, or a region was compiled there): such a
     * target is on the hot path.
     */
    private boolean seenTaken(long pc, Mmu mmu) {
        PageRef ref = page(pc, mmu);
        return ref != null && hotIn(ref.code(), pc);
    }

    /** Whether pc's entry count on its page's code cache cp makes it hot, or a region starts there. */
    private boolean hotIn(CodePage cp, long pc) {
        int slot = (int) (pc & Page.MASK) >>> 1;
        int[] heat = cp.heat;
        Region[] rs = cp.regions;
        return heat != null && heat[slot] >= hotCount || rs != null && rs[slot] != null;
    }

    /** Entries of a branch target that put it on the hot path. */
    private int hotCount = 1;

    // ---- exploration state: leaders found, and the work queues of hot and cold ones
    private final Set<Long> leaders = new HashSet<>();
    private final TreeMap<Long, Insn> code = new TreeMap<>();
    private final ArrayDeque<Long> hot = new ArrayDeque<>(), cold = new ArrayDeque<>();

    /** Queues a block head found on the hot path or, if !isHot, off it. */
    private void push(long pc, boolean isHot) {
        boolean fresh = leaders.add(pc);
        if (isHot) {
            if (fresh || !code.containsKey(pc)) hot.add(pc);
        } else if (fresh) {
            cold.add(pc);
        }
    }

    /**
     * Explores the hot path first: fall-through, jal targets (calls, and the return sites
     * after them) and the branch targets the interpreter saw taken, into other pages too. Then,
     * with the room left, the code off it, on the entry's page only: a rarely taken branch
     * stays inside the region, but cold code elsewhere does not make it bigger.
     */
    private void explore(Page p, CodePage cp, int max, Mmu mmu) {
        long entryBase = entry & ~Page.MASK;
        pages.put(entryBase, new PageRef(p, cp));
        codePages.add(entryBase);
        leaders.add(entry);
        hot.add(entry);
        while (!hot.isEmpty() || !cold.isEmpty()) {
            boolean isHot = !hot.isEmpty();
            long pc = isHot ? hot.poll() : cold.poll();
            while (code.size() < max && !code.containsKey(pc)) {
                if (!isHot && (pc & ~Page.MASK) != entryBase) break;
                PageRef ref = codePage(pc, mmu);
                if (ref == null) break;
                Insn in = ref.code().at(ref.page(), (int) (pc & Page.MASK));
                if (in == null) in = straddling(ref, pc, mmu);
                if (in == null || !translatable(in.op)) break;
                code.put(pc, in);
                if (straddles(pc, in)) straddling++;
                if (isBranch(in.op)) {
                    push(pc + in.imm, isHot && seenTaken(pc + in.imm, mmu));
                    push(pc + in.len, isHot);
                    break;
                }
                if (in.op == Op.JAL) {
                    long target = pc + in.imm;
                    if (in.rd != Decoder.SINK && isHot && !samePage(pc, target) && callees != null) {
                        if (smallHotCallee(target, mmu) && codePage(target, mmu) != null) {
                            inlinedDirect++; // explored below, as a jump into the callee would be
                        } else {
                            // A hot call into another page: to the callee's own region, if it has one.
                            Region r = callees.apply(target);
                            if (r != null && page(target, mmu) != null) {
                                calls.put(pc, r);
                                push(pc + in.len, true);
                                break;
                            }
                        }
                    }
                    // a call or jump into another page is followed only where it often goes
                    push(target, isHot && (samePage(pc, target) || seenTaken(target, mmu)));
                    if (in.rd != Decoder.SINK) {
                        push(pc + in.len, isHot);
                        returnSites.add(pc + in.len);
                    }
                    break;
                }
                if (in.op == Op.JALR) {
                    long target = ref.code().callTarget((int) (pc & Page.MASK));
                    if (in.rd == 1 && mmu != null && inline(target, mmu, code, leaders)) {
                        inlined.put(pc, new Inline(target));
                        push(pc + in.len, isHot);
                        returnSites.add(pc + in.len);
                    } else if (in.rd == 1 && isHot && target != 0 && callees != null && seenTaken(target, mmu)) {
                        Region r = callees.apply(target);
                        if (r != null && page(target, mmu) != null) {
                            indirectCalls.put(pc, r);
                            push(pc + in.len, true);
                        }
                    }
                    break;
                }
                pc += in.len;
            }
        }
        size = code.size();
        // Cut into blocks: a block runs from a leader (or the instruction after a block end)
        // while the pcs stay consecutive and on one page, and no other leader is met.
        List<Insn> insns = null;
        List<Long> pcs = null;
        long start = 0, expect = -1;
        for (var e : code.entrySet()) {
            long pc = e.getKey();
            Insn in = e.getValue();
            if (insns == null || pc != expect || leaders.contains(pc) || (pc & Page.MASK) == 0) {
                if (insns != null) blocks.add(new Block(start, insns, pcs, expect));
                insns = new ArrayList<>();
                pcs = new ArrayList<>();
                start = pc;
            }
            insns.add(in);
            pcs.add(pc);
            expect = pc + in.len;
            if (endsBlock(in.op)) {
                blocks.add(new Block(start, insns, pcs, expect));
                insns = null;
            }
        }
        if (insns != null) blocks.add(new Block(start, insns, pcs, expect));
        returnSites.removeIf(a -> !code.containsKey(a));
        order();
    }

    /**
     * The 32-bit instruction at pc, the last two bytes of its page (where {@link CodePage#at}
     * returned null), whose second half is on the
     * next page (glibc has such instructions in hot loops), or null if that page may not be
     * read. It is a block of its own: the compiled code checks the next page before it runs it
     * ({@link Emitter}), as on any edge into another page, and the code after it starts a new
     * block, so the edge there is checked as crossing into that page too. Its decoding is not
     * cached on either page, as it depends on both.
     */
    private Insn straddling(PageRef ref, long pc, Mmu mmu) {
        PageRef next = codePage(pc + 2, mmu);
        if (next == null) return null;
        leaders.add(pc);
        leaders.add(pc + 4);
        return CodePage.across(ref.page(), next.page());
    }

    /** Whether the instruction in at pc lies across a page boundary (see {@link #straddling}). */
    static boolean straddles(long pc, Insn in) {
        return (pc & Page.MASK) + in.len > Page.SIZE;
    }

    /** The blocks a block may pass control to inside the region. */
    List<Long> successors(Block b) {
        List<Long> out = new ArrayList<>();
        Insn last = b.last();
        if (isBranch(last.op)) {
            out.add(b.lastPc() + last.imm);
            out.add(b.endPc());
        } else if (last.op == Op.JAL) {
            out.add(calls.containsKey(b.lastPc()) ? b.endPc() : b.lastPc() + last.imm);
        } else if (last.op == Op.JALR) {
            Inline inl = inlined.get(b.lastPc());
            if (inl != null) out.add(inl.target());
            if (indirectCalls.containsKey(b.lastPc())) out.add(b.endPc());
            out.addAll(returnSites);
        } else {
            out.add(b.endPc());
        }
        out.removeIf(pc -> !rank.containsKey(pc));
        return out;
    }

    /**
     * Puts the blocks in reverse postorder of a depth-first walk from the entry ({@link #rank}):
     * the compiled method lays them out in that order, so that its backward jumps are exactly
     * the walk's retreating edges. Every cycle has one, which is where the budget is checked
     * ({@link #isBackEdge}); for the JVM they are the loops' back edges, and it counts and
     * compiles on-stack replacements only there (mostly at the region's own entry), not at
     * every jump that happens to go to a lower guest address (a return from a call on a page
     * above, a jump back into a function's shared epilogue).
     */
    private void order() {
        Map<Long, Block> byPc = new HashMap<>();
        for (Block b : blocks) {
            byPc.put(b.pc(), b);
            rank.put(b.pc(), 0);
        }
        List<Block> post = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Block> stack = new ArrayDeque<>();
        ArrayDeque<java.util.Iterator<Long>> next = new ArrayDeque<>();
        List<Block> roots = new ArrayList<>();
        roots.add(byPc.get(entry));
        roots.addAll(blocks); // blocks the walk from the entry misses (none, normally) go last
        for (Block root : roots) {
            if (root == null || !seen.add(root.pc())) continue;
            stack.push(root);
            next.push(successors(root).iterator());
            while (!stack.isEmpty()) {
                java.util.Iterator<Long> it = next.peek();
                if (it.hasNext()) {
                    long t = it.next();
                    if (seen.add(t)) {
                        Block tb = byPc.get(t);
                        stack.push(tb);
                        next.push(successors(tb).iterator());
                    }
                } else {
                    post.add(stack.pop());
                    next.pop();
                }
            }
        }
        java.util.Collections.reverse(post);
        ordered.clear();
        ordered.addAll(post);
        for (int i = 0; i < post.size(); i++) rank.put(post.get(i).pc(), i);
    }

    /** Whether the edge from block {@code from} to block {@code to} is a retreating edge of the walk. */
    boolean isBackEdge(long from, long to) {
        return rank.get(to) <= rank.get(from);
    }

    /**
     * Adds the callee at target to code if it is a small leaf (see the class comment); returns
     * whether it did.
     */
    private boolean inline(long target, Mmu mmu, TreeMap<Long, Insn> code, Set<Long> leaders) {
        if (target == 0) return false;
        PageRef ref = codePage(target, mmu);
        if (ref == null) return false;
        Page tp = ref.page();
        CodePage tcp = ref.code();
        long base = target & ~Page.MASK;
        TreeMap<Long, Insn> callee = new TreeMap<>();
        Set<Long> heads = new HashSet<>();
        ArrayDeque<Long> work = new ArrayDeque<>();
        heads.add(target);
        work.add(target);
        while (!work.isEmpty()) {
            long pc = work.poll();
            while (!callee.containsKey(pc)) {
                if ((pc & ~Page.MASK) != base || callee.size() >= INLINE_MAX) return false;
                Insn in = tcp.at(tp, (int) (pc & Page.MASK));
                if (in == null || !translatable(in.op) || (in.rd == 1 && writesX(in.op))) return false;
                callee.put(pc, in);
                if (isBranch(in.op)) {
                    addLeader(heads, work, pc + in.imm);
                    addLeader(heads, work, pc + in.len);
                    break;
                }
                if (in.op == Op.JAL) {
                    if (in.rd != Decoder.SINK) return false; // a call: not a leaf
                    addLeader(heads, work, pc + in.imm);
                    break;
                }
                if (in.op == Op.JALR) {
                    if (in.rd != Decoder.SINK || in.rs1 != 1 || in.imm != 0) return false; // only ret
                    break;
                }
                pc += in.len;
            }
        }
        code.putAll(callee);
        leaders.addAll(heads);
        return true;
    }

    /**
     * Whether the callee at target has a short hot path: at most {@link #INLINE_HOT_MAX}
     * instructions reached from its entry by fall-through, jumps and the branches the
     * interpreter saw taken (up to a call or return), all on pages the virtual CPU has just
     * executed, and it was hot itself. Such a call (pthread_mutex_lock's uncontended path, a small string
     * function) costs more as a region call, around which C2 stores and reloads the registers
     * it holds, than its body does: it is explored into the caller's region instead, and its
     * cold paths leave the region as any other cold branch off the entry page does.
     */
    private boolean smallHotCallee(long target, Mmu mmu) {
        if (mmu == null || !seenTaken(target, mmu)) return false;
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> work = new ArrayDeque<>();
        work.add(target);
        int n = 0;
        while (!work.isEmpty()) {
            long pc = work.poll();
            while (seen.add(pc)) {
                Page p = mmu.cachedExecPage(pc);
                if (p == null || !(p.decoded instanceof CodePage cp)) return false;
                Insn in = cp.at(p, (int) (pc & Page.MASK));
                if (in == null || ++n > INLINE_HOT_MAX) return false;
                if (!translatable(in.op)) break; // the region stops there, as it will when it is explored
                if (isBranch(in.op)) {
                    if (hotTarget(pc + in.imm, mmu)) work.add(pc + in.imm);
                    work.add(pc + in.len);
                    break;
                }
                if (in.op == Op.JAL) {
                    // a jump goes on; a nested call is the caller's exploration's to decide
                    // (a region call, or an exit if it is cold, like lll_lock_wake's)
                    if (in.rd == Decoder.SINK) work.add(pc + in.imm);
                    break;
                }
                if (in.op == Op.JALR) break;
                pc += in.len;
            }
        }
        return true;
    }

    /** {@link #seenTaken} without recording the page among the region's. */
    private boolean hotTarget(long pc, Mmu mmu) {
        Page p = mmu.cachedExecPage(pc);
        return p != null && p.decoded instanceof CodePage cp && hotIn(cp, pc);
    }

    /** Whether op writes its integer destination register. */
    static boolean writesX(int op) {
        if (op >= Op.FP_FIRST) return Emitter.fpWritesX(op);
        return switch (op) {
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU, Op.SB, Op.SH, Op.SW, Op.SD, Op.FENCE, Op.FLW,
                    Op.FLD, Op.FSW, Op.FSD -> false;
            default -> true;
        };
    }

    private static boolean samePage(long a, long b) {
        return (a ^ b) >>> Page.SHIFT == 0;
    }

    private static void addLeader(Set<Long> leaders, ArrayDeque<Long> work, long pc) {
        if (leaders.add(pc)) work.add(pc);
    }
}
