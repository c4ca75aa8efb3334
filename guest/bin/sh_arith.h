/* sh_arith.h: the shell's arithmetic expansion $((...)) (XCU 2.6.4): a recursive-descent
 * evaluator over long, with C's precedence for the operators it has; variables by name. */
#ifndef SH_ARITH_H
#define SH_ARITH_H
#include "sh_vars.h"

/* $((...)): integer arithmetic (XCU 2.6.4), a recursive-descent evaluator over long. */
struct arith {
    const char *p;
    int err;
};
static long arith_expr(struct arith *a);
static void arith_ws(struct arith *a) {
    while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n') a->p++;
}
static int arith_op(struct arith *a, const char *op) {
    arith_ws(a);
    size_t n = strlen(op);
    if (strncmp(a->p, op, n) != 0) return 0;
    /* "<" must not match "<=", "&" must not match "&&" and so on */
    if (n == 1 && (a->p[1] == '=' || (a->p[1] == op[0] && strchr("&|<>", op[0])))) return 0;
    if (n == 1 && op[0] == '=' ) return 0;
    a->p += n;
    return 1;
}
static long arith_primary(struct arith *a) {
    arith_ws(a);
    if (arith_op(a, "(")) {
        long v = arith_expr(a);
        if (!arith_op(a, ")")) a->err = 1;
        return v;
    }
    if (arith_op(a, "-")) return -arith_primary(a);
    if (arith_op(a, "+")) return arith_primary(a);
    if (arith_op(a, "!")) return !arith_primary(a);
    if (arith_op(a, "~")) return ~arith_primary(a);
    if (*a->p >= '0' && *a->p <= '9') {
        char *end;
        long v = strtol(a->p, &end, 0);
        a->p = end;
        return v;
    }
    if (is_name_start((unsigned char)*a->p)) {
        const char *s = a->p;
        while (is_name_char((unsigned char)*a->p)) a->p++;
        char *name = xstrndup(s, (size_t)(a->p - s));
        const char *v = var_get(name);
        free(name);
        return v ? strtol(v, NULL, 0) : 0;
    }
    a->err = 1;
    return 0;
}
static long arith_mul(struct arith *a) {
    long v = arith_primary(a);
    for (;;) {
        if (arith_op(a, "*")) v *= arith_primary(a);
        else if (arith_op(a, "/") || arith_op(a, "%")) {
            char op = a->p[-1];
            long r = arith_primary(a);
            if (r == 0) {
                sh_error("division by zero");
                a->err = 2;
                return 0;
            }
            v = op == '/' ? v / r : v % r;
        } else return v;
    }
}
static long arith_add(struct arith *a) {
    long v = arith_mul(a);
    for (;;) {
        if (arith_op(a, "+")) v += arith_mul(a);
        else if (arith_op(a, "-")) v -= arith_mul(a);
        else return v;
    }
}
static long arith_shift(struct arith *a) {
    long v = arith_add(a);
    for (;;) {
        if (arith_op(a, "<<")) v <<= arith_add(a);
        else if (arith_op(a, ">>")) v >>= arith_add(a);
        else return v;
    }
}
static long arith_rel(struct arith *a) {
    long v = arith_shift(a);
    for (;;) {
        if (arith_op(a, "<=")) v = v <= arith_shift(a);
        else if (arith_op(a, ">=")) v = v >= arith_shift(a);
        else if (arith_op(a, "<")) v = v < arith_shift(a);
        else if (arith_op(a, ">")) v = v > arith_shift(a);
        else return v;
    }
}
static long arith_eq(struct arith *a) {
    long v = arith_rel(a);
    for (;;) {
        if (arith_op(a, "==")) v = v == arith_rel(a);
        else if (arith_op(a, "!=")) v = v != arith_rel(a);
        else return v;
    }
}
static long arith_bits(struct arith *a) {
    long v = arith_eq(a);
    for (;;) {
        if (arith_op(a, "&")) v &= arith_eq(a);
        else if (arith_op(a, "^")) v ^= arith_eq(a);
        else if (arith_op(a, "|")) v |= arith_eq(a);
        else return v;
    }
}
static long arith_expr(struct arith *a) {
    long v = arith_bits(a);
    for (;;) {
        if (arith_op(a, "&&")) {
            long r = arith_bits(a);
            v = v && r;
        } else if (arith_op(a, "||")) {
            long r = arith_bits(a);
            v = v || r;
        } else break;
    }
    if (arith_op(a, "?")) {
        long x = arith_expr(a);
        if (!arith_op(a, ":")) a->err = 1;
        long y = arith_expr(a);
        v = v ? x : y;
    }
    return v;
}
#endif
