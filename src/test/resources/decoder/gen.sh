#!/usr/bin/env bash
# Regenerates the decoder test vectors in this directory from the GNU cross toolchain
# (riscv64-linux-gnu-as/ld/objdump, binutils 2.40 was used). The tests themselves only read
# the committed output files and never need the toolchain:
#
#   vectors32.txt  hand-picked RV64G instructions with edge operands, one objdump line each:
#                  "addr word mnemonic operands" (objdump -M no-aliases,numeric; branch and
#                  jump targets are absolute addresses).
#   opmap32.txt.gz what objdump makes of every (opcode, funct3, funct7, rs2) combination, for
#                  two settings of rd/rs1 (rd=1 rs1=2, and rd=0 rs1=0), run-length encoded:
#                  "rd rs1 firstKey lastKey mnemonic" with key = opcode[6:2]<<15 | funct3<<12 |
#                  funct7<<5 | rs2, both hex; mnemonic "-" means objdump does not know it.
#                  Keys with inst[4:2] = 111 (48-bit and longer encodings) are absent.
#   rvc.txt.gz     every legal 16-bit halfword (according to objdump) and the 32-bit word that
#                  gas assembles for its base-instruction equivalent: "hhhh wwwwwwww". Halfwords
#                  absent from the file are illegal/reserved according to objdump.
#
# Usage: src/test/resources/decoder/gen.sh   (from anywhere; writes next to itself)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AS="riscv64-linux-gnu-as -march=rv64gc -mno-relax"
LD="riscv64-linux-gnu-ld --no-relax -e 0 -Ttext=0"
DUMP="riscv64-linux-gnu-objdump -d -M no-aliases,numeric"

# Prints "addr word mnemonic operands" for each instruction of an objdump -d listing.
listing() {
    awk -F'\t' '/^ *[0-9a-f]+:\t/ && NF >= 3 {
        addr = $1; sub(/^ */, "", addr); sub(/:$/, "", addr)
        word = $2; gsub(/ /, "", word)
        ins = $3; for (i = 4; i <= NF; i++) ins = ins "\t" $i
        sub(/ *#.*$/, "", ins); sub(/ *<[^>]*>$/, "", ins)
        split(ins, p, "\t"); ops = (p[2] == "" ? "" : p[2])
        print addr, word, p[1], ops
    }'
}

# ---------------------------------------------------------------- 1. hand-picked vectors
python3 - > "$tmp/v.S" <<'EOF'
X = ["x0", "x1", "x31", "x15"]
F = ["f0", "f1", "f31", "f16"]
def regs3(r):
    return [(r[0], r[0], r[0]), (r[1], r[2], r[3]), (r[2], r[1], r[0]), (r[0], r[3], r[2])]
print(".option norvc")
out = print
for m in "add sub sll slt sltu xor srl sra or and addw subw sllw srlw sraw mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw".split():
    for a, b, c in regs3(X): out(f"{m} {a},{b},{c}")
for m in "addi slti sltiu xori ori andi addiw".split():
    for (a, b, c), imm in zip(regs3(X), [-2048, 2047, -1, 0]): out(f"{m} {a},{b},{imm}")
    out(f"{m} x5,x6,1234"); out(f"{m} x7,x8,-1234")
for m, mx in (("slli", 63), ("srli", 63), ("srai", 63), ("slliw", 31), ("srliw", 31), ("sraiw", 31)):
    for (a, b, c), sh in zip(regs3(X), [0, 1, mx, 17]): out(f"{m} {a},{b},{sh}")
    out(f"{m} x9,x10,{mx // 2 + 1}")
for m in "lb lh lw ld lbu lhu lwu".split():
    for (a, b, c), off in zip(regs3(X), [-2048, 2047, -1, 0]): out(f"{m} {a},{off}({b})")
for m in "flw fld".split():
    for (a, b), off in zip([("f0", "x0"), ("f31", "x2"), ("f1", "x31"), ("f16", "x15")], [-2048, 2047, -1, 8]):
        out(f"{m} {a},{off}({b})")
for m in "sb sh sw sd".split():
    for (a, b, c), off in zip(regs3(X), [-2048, 2047, -1, 0]): out(f"{m} {a},{off}({b})")
for m in "fsw fsd".split():
    for (a, b), off in zip([("f0", "x0"), ("f31", "x2"), ("f1", "x31"), ("f16", "x15")], [-2048, 2047, -1, 8]):
        out(f"{m} {a},{off}({b})")
for m in "beq bne blt bge bltu bgeu".split():
    for (a, b, c), off in zip(regs3(X) * 2, [-4096, 4094, -2, 0, 2, 2048]): out(f"{m} {a},{b},.{off:+d}")
for rd, off in (("x0", -1048576), ("x1", 1048574), ("x31", -2), ("x0", 0), ("x5", 2), ("x1", 0x12344)):
    out(f"jal {rd},.{off:+d}")
for rd, off, rs in (("x0", 0, "x1"), ("x1", -2048, "x31"), ("x31", 2047, "x0"), ("x0", -1, "x15")):
    out(f"jalr {rd},{off}({rs})")
for m in ("lui", "auipc"):
    for rd, v in (("x0", 0), ("x1", 1), ("x31", 0xfffff), ("x5", 0x80000), ("x6", 0x7ffff), ("x7", 0x12345)):
        out(f"{m} {rd},{v:#x}")
for s in ("fence", "fence rw,rw", "fence.tso", "fence i,o", "fence r,w", "fence.i", "ecall", "ebreak"):
    out(s)
for m in "csrrw csrrs csrrc".split():
    for rd, csr, rs in (("x0", "0x001", "x0"), ("x1", "0x002", "x2"), ("x31", "0x003", "x31"),
                        ("x5", "0xc00", "x0"), ("x0", "0xc01", "x7"), ("x8", "0xc02", "x9"), ("x10", "0xfff", "x11")):
        out(f"{m} {rd},{csr},{rs}")
for m in "csrrwi csrrsi csrrci".split():
    for rd, csr, z in (("x0", "0x001", 0), ("x1", "0x002", 31), ("x31", "0x003", 17), ("x5", "0xfff", 1)):
        out(f"{m} {rd},{csr},{z}")
for w in ("w", "d"):
    for sfx in ("", ".aq", ".rl", ".aqrl"):
        out(f"lr.{w}{sfx} x1,(x2)"); out(f"lr.{w}{sfx} x0,(x31)")
        out(f"sc.{w}{sfx} x1,x3,(x2)"); out(f"sc.{w}{sfx} x0,x31,(x15)")
        for m in "amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu".split():
            out(f"{m}.{w}{sfx} x1,x3,(x2)"); out(f"{m}.{w}{sfx} x0,x31,(x15)")
RMS = ["", ",rne", ",rtz", ",rdn", ",rup", ",rmm", ",dyn"]
for p in ("s", "d"):
    for m in "fmadd fmsub fnmsub fnmadd".split():
        for (a, b, c, d), rm in zip([("f0", "f0", "f0", "f0"), ("f1", "f2", "f3", "f4"), ("f31", "f30", "f29", "f28"),
                                     ("f16", "f31", "f0", "f15")] * 2, RMS + [""]):
            out(f"{m}.{p} {a},{b},{c},{d}{rm}")
    for m in "fadd fsub fmul fdiv".split():
        for (a, b, c), rm in zip(regs3(F) * 2, RMS + [""]): out(f"{m}.{p} {a},{b},{c}{rm}")
    for (a, b, c), rm in zip(regs3(F), ["", ",rtz", ",rmm", ",rne"]): out(f"fsqrt.{p} {a},{b}{rm}")
    for m in "fsgnj fsgnjn fsgnjx fmin fmax".split():
        for a, b, c in regs3(F): out(f"{m}.{p} {a},{b},{c}")
    for m in "feq flt fle".split():
        for (a, _, _), (_, b, c) in zip(regs3(X), regs3(F)): out(f"{m}.{p} {a},{b},{c}")
    for i in ("w", "wu", "l", "lu"):
        for (a, _, _), (_, b, _), rm in zip(regs3(X), regs3(F), ["", ",rtz", ",rne", ",rmm"]):
            out(f"fcvt.{i}.{p} {a},{b}{rm}")
        exact = p == "d" and i in ("w", "wu")  # gas rejects a rounding mode on exact conversions
        for (_, _, b), (a, _, _), rm in zip(regs3(X), regs3(F), ["", ",rtz", ",dyn", ",rup"]):
            out(f"fcvt.{p}.{i} {a},{b}{'' if exact else rm}")
    for (a, _, _), (_, b, _) in zip(regs3(X), regs3(F)):
        out(f"fclass.{p} {a},{b}")
        out(f"fmv.x.{'w' if p == 's' else 'd'} {a},{b}")
    for (_, _, b), (a, _, _) in zip(regs3(X), regs3(F)):
        out(f"fmv.{'w' if p == 's' else 'd'}.x {a},{b}")
for a, b, rm in (("f0", "f1", ""), ("f31", "f2", ",rtz"), ("f5", "f31", ",rdn")):
    out(f"fcvt.s.d {a},{b}{rm}"); out(f"fcvt.d.s {b},{a}")
EOF
$AS "$tmp/v.S" -o "$tmp/v.o"
$LD "$tmp/v.o" -o "$tmp/v.elf"
{
    echo "# Generated by gen.sh from $(riscv64-linux-gnu-as --version | head -1): addr word mnemonic operands"
    $DUMP "$tmp/v.elf" | listing
} > "$here/vectors32.txt"

# ---------------------------------------------------------------- 2. 32-bit opcode map
python3 - "$tmp" <<'EOF'
import sys
tmp = sys.argv[1]
with open(f"{tmp}/m.S", "w") as f:
    f.write(".option norvc\n")
    for rd, rs1 in ((1, 2), (0, 0)):
        for key in range(1 << 20):
            op5, f3, f7, rs2 = key >> 15, (key >> 12) & 7, (key >> 5) & 0x7f, key & 0x1f
            if op5 & 7 == 7: continue  # inst[4:2] = 111: a longer-than-32-bit encoding, gas refuses
            w = f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op5 << 2 | 3
            f.write(f".insn 0x{w:08x}\n")
EOF
$AS "$tmp/m.S" -o "$tmp/m.o"
$DUMP "$tmp/m.o" | listing > "$tmp/m.txt"
python3 - "$tmp/m.txt" <<'EOF' | gzip -9n > "$here/opmap32.txt.gz"
import sys
print("# Generated by gen.sh: rd rs1 firstKey lastKey mnemonic; key = opcode[6:2]<<15|funct3<<12|funct7<<5|rs2")
runs = []
for line in open(sys.argv[1]):
    addr, word, mn = line.split(" ")[:3]
    w = int(word, 16)
    rd, rs1 = (w >> 7) & 31, (w >> 15) & 31
    key = ((w >> 2) & 31) << 15 | ((w >> 12) & 7) << 12 | (w >> 25) << 5 | (w >> 20) & 31
    if mn.startswith("."): mn = "-"
    if runs and runs[-1][0] == rd and runs[-1][1] == rs1 and runs[-1][4] == mn and runs[-1][3] == key - 1:
        runs[-1][3] = key
    else:
        runs.append([rd, rs1, key, key, mn])
for rd, rs1, a, b, mn in runs:
    print(f"{rd} {rs1} {a:05x} {b:05x} {mn}")
EOF

# ---------------------------------------------------------------- 3. compressed expansions
python3 -c '
print(".option rvc")
for h in range(65536):
    if h & 3 != 3: print(".insn 0x%04x" % h)' > "$tmp/c.S"
$AS "$tmp/c.S" -o "$tmp/c.o"
$DUMP "$tmp/c.o" | listing > "$tmp/c.txt"
# Rewrites each c.* instruction as its base equivalent (unprivileged spec chapter "C", the
# expansion given with each instruction), keeping the halfword for pairing.
python3 - "$tmp/c.txt" "$tmp/e.S" "$tmp/halves" <<'EOF'
import sys, re
src, asm, halves = sys.argv[1:]
same = {"c.fld": "fld", "c.lw": "lw", "c.ld": "ld", "c.fsd": "fsd", "c.sw": "sw", "c.sd": "sd",
        "c.fldsp": "fld", "c.lwsp": "lw", "c.ldsp": "ld", "c.fsdsp": "fsd", "c.swsp": "sw", "c.sdsp": "sd",
        "c.addi4spn": "addi", "c.lui": "lui"}
two = {"c.addi": "addi", "c.addiw": "addiw", "c.addi16sp": "addi", "c.srli": "srli", "c.srai": "srai",
       "c.andi": "andi", "c.slli": "slli", "c.sub": "sub", "c.xor": "xor", "c.or": "or", "c.and": "and",
       "c.subw": "subw", "c.addw": "addw", "c.add": "add"}
with open(asm, "w") as a, open(halves, "w") as hv:
    a.write(".option norvc\n")
    for line in open(src):
        addr, h, mn, ops = (line.rstrip("\n").split(" ", 3) + [""])[:4]
        o = ops.split(",") if ops else []
        if mn in same: s = f"{same[mn]} {ops}"
        elif mn in two: s = f"{two[mn]} {o[0]},{o[0]},{o[1]}"
        elif mn in ("c.srli64", "c.srai64", "c.slli64"): s = f"{mn[2:6]} {o[0]},{o[0]},0"
        elif mn == "c.li": s = f"addi {o[0]},x0,{o[1]}"
        elif mn == "c.mv": s = f"add {o[0]},x0,{o[1]}"
        elif mn == "c.jr": s = f"jalr x0,0({o[0]})"
        elif mn == "c.jalr": s = f"jalr x1,0({o[0]})"
        elif mn == "c.ebreak": s = "ebreak"
        elif mn == "c.j": s = f"jal x0,.{int(o[0], 16) - int(addr, 16):+d}"
        elif mn in ("c.beqz", "c.bnez"):
            s = f"b{mn[3:5]} {o[0]},x0,.{int(o[1], 16) - int(addr, 16):+d}"
        elif mn.startswith(".") or mn == "c.unimp": continue
        else: sys.exit(f"unhandled {line}")
        a.write(s + "\n"); hv.write(h + "\n")
EOF
$AS "$tmp/e.S" -o "$tmp/e.o"
$LD "$tmp/e.o" -o "$tmp/e.elf"
$DUMP "$tmp/e.elf" | listing | cut -d' ' -f2 > "$tmp/words"
[ "$(wc -l < "$tmp/words")" = "$(wc -l < "$tmp/halves")" ] || { echo "count mismatch" >&2; exit 1; }
paste -d' ' "$tmp/halves" "$tmp/words" | gzip -9n > "$here/rvc.txt.gz"
echo "wrote vectors32.txt opmap32.txt.gz rvc.txt.gz in $here"
