package dev.javix.cpu.jit;

import dev.javix.cpu.Decoder;
import dev.javix.cpu.Insn;
import dev.javix.cpu.Op;
import dev.javix.mem.MemoryFault;
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
 * fall-through, conditional branches and jal, within the entry's page and up to a size cap,
 * cut into basic blocks. A block ends at a branch, jal or jalr, before the next block's head,
 * or before an instruction the region does not translate ({@link #translatable}): there the
 * compiled code returns to the interpreter, which runs that instruction itself.
 *
 * <p>The address after a {@code jal} that links (a call) is explored too: the callee's
 * {@code jalr} return, when the callee is in the region, can then jump straight back in.
 *
 * <p>Indirect calls ({@code jalr} that links, as through a function pointer) are inlined when
 * the interpreter saw where they went ({@link CodePage#noteCall}) and the callee there is a
 * small leaf: at most {@link #INLINE_MAX} instructions on its own page, returning only by
 * {@code ret} and leaving ra alone. The compiled call then checks that it goes to the same
 * place and that the callee's page is still the same Page (so the same bytes) before entering
 * the inlined copy; otherwise it leaves the region as any jalr does.
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
    /** Addresses following a linking jal inside the region (where a return may land). */
    final List<Long> returnSites = new ArrayList<>();
    /** An inlined indirect call: its expected target and the Page the callee was read from. */
    record Inline(long target, Page page) {}
    /** Inlined indirect calls by the pc of their jalr. */
    final Map<Long, Inline> inlined = new HashMap<>();
    int size;

    /** Most instructions of an inlined callee. */
    static final int INLINE_MAX = 48;

    private Scan(long entry) {
        this.entry = entry;
    }

    /**
     * Scans the region entered at pc (which must lie in page p) with at most max instructions;
     * mmu (may be null) finds the pages of callees to inline.
     */
    static Scan of(Page p, CodePage cp, long pc, int max, Mmu mmu) {
        Scan s = new Scan(pc);
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

    private void explore(Page p, CodePage cp, int max, Mmu mmu) {
        long pageBase = entry & ~Page.MASK;
        TreeMap<Long, Insn> code = new TreeMap<>();
        Set<Long> leaders = new HashSet<>();
        ArrayDeque<Long> work = new ArrayDeque<>();
        leaders.add(entry);
        work.add(entry);
        while (!work.isEmpty()) {
            long pc = work.poll();
            while (code.size() < max && (pc & ~Page.MASK) == pageBase && !code.containsKey(pc)) {
                Insn in = cp.at(p, (int) (pc & Page.MASK));
                if (in == null || !translatable(in.op)) break;
                code.put(pc, in);
                if (isBranch(in.op)) {
                    addLeader(leaders, work, pc + in.imm);
                    addLeader(leaders, work, pc + in.len);
                    break;
                }
                if (in.op == Op.JAL) {
                    addLeader(leaders, work, pc + in.imm);
                    if (in.rd != Decoder.SINK) {
                        addLeader(leaders, work, pc + in.len);
                        returnSites.add(pc + in.len);
                    }
                    break;
                }
                if (in.op == Op.JALR) {
                    if (in.rd == 1 && mmu != null && inline(cp.callTarget((int) (pc & Page.MASK)), mmu, code, leaders)) {
                        inlined.put(pc, new Inline(cp.callTarget((int) (pc & Page.MASK)), lastInlinedPage));
                        addLeader(leaders, work, pc + in.len);
                        returnSites.add(pc + in.len);
                    }
                    break;
                }
                pc += in.len;
            }
        }
        size = code.size();
        // Cut into blocks: a block runs from a leader (or the instruction after a block end)
        // while the pcs stay consecutive and no other leader is met.
        List<Insn> insns = null;
        List<Long> pcs = null;
        long start = 0, expect = -1;
        for (var e : code.entrySet()) {
            long pc = e.getKey();
            Insn in = e.getValue();
            if (insns == null || pc != expect || leaders.contains(pc)) {
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
    }

    /**
     * Adds the callee at target to code if it is a small leaf (see the class comment); returns
     * whether it did. Records the callee's page in {@link #lastInlinedPage}.
     */
    private boolean inline(long target, Mmu mmu, TreeMap<Long, Insn> code, Set<Long> leaders) {
        if (target == 0) return false;
        Page tp;
        try {
            tp = mmu.fetchPage(target);
        } catch (MemoryFault f) {
            return false;
        }
        CodePage tcp = CodePage.of(tp);
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
        lastInlinedPage = tp;
        return true;
    }

    private Page lastInlinedPage;

    /** Whether op writes its integer destination register. */
    static boolean writesX(int op) {
        if (op >= Op.FP_FIRST) return Emitter.fpWritesX(op);
        return switch (op) {
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU, Op.SB, Op.SH, Op.SW, Op.SD, Op.FENCE, Op.FLW,
                    Op.FLD, Op.FSW, Op.FSD -> false;
            default -> true;
        };
    }

    private static void addLeader(Set<Long> leaders, ArrayDeque<Long> work, long pc) {
        if (leaders.add(pc)) work.add(pc);
    }
}
