/*
 * Semantic versions (semver 2.0.0) and version requirements with the syntax and matching rules
 * of the Rust `semver` crate, which the official key server uses for its SDK gates:
 * comma-separated comparators `op version` with op one of = > >= < <= ~ ^ (none = ^), versions
 * possibly partial ("1", "1.2") or with wildcards ("1.*", "1.2.x", "*"), and the rule that a
 * pre-release version only matches a requirement naming a pre-release of the same X.Y.Z.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_internal.h"

#define MAX_COMPARATORS 16

typedef enum op { OP_EXACT, OP_GT, OP_GE, OP_LT, OP_LE, OP_TILDE, OP_CARET, OP_WILD } op;

typedef struct comparator {
    op op;
    uint64_t major, minor, patch;
    bool has_minor, has_patch;
    char pre[64];
} comparator;

/* Numeric identifier: digits, no leading zero unless "0". */
static bool parse_num(const char **p, uint64_t *out) {
    const char *s = *p;
    uint64_t v = 0;
    if (!isdigit((unsigned char)*s))
        return false;
    if (*s == '0' && isdigit((unsigned char)s[1]))
        return false;
    while (isdigit((unsigned char)*s)) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
        s++;
    }
    *p = s;
    *out = v;
    return true;
}

/* Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading zeros when
 * numeric_rule. Copies into out (cap) and advances *p. */
static bool parse_idents(const char **p, char *out, size_t cap, bool numeric_rule) {
    const char *s = *p;
    size_t n = 0;
    for (;;) {
        const char *start = s;
        bool all_digits = true;
        while (isalnum((unsigned char)*s) || *s == '-') {
            if (!isdigit((unsigned char)*s))
                all_digits = false;
            s++;
        }
        size_t len = (size_t)(s - start);
        if (len == 0)
            return false;
        if (numeric_rule && all_digits && len > 1 && start[0] == '0')
            return false;
        if (n + len + 1 >= cap)
            return false;
        memcpy(out + n, start, len);
        n += len;
        if (*s != '.')
            break;
        out[n++] = '.';
        s++;
    }
    out[n] = '\0';
    *p = s;
    return true;
}

bool seal__semver_parse(seal__semver *v, const char *text) {
    const char *p = text;
    memset(v, 0, sizeof *v);
    if (text == NULL)
        return false;
    if (!parse_num(&p, &v->major) || *p++ != '.' || !parse_num(&p, &v->minor) || *p++ != '.' ||
        !parse_num(&p, &v->patch))
        return false;
    if (*p == '-') {
        p++;
        if (!parse_idents(&p, v->pre, sizeof v->pre, true))
            return false;
    }
    if (*p == '+') {
        char build[64];
        p++;
        if (!parse_idents(&p, build, sizeof build, false))
            return false;
    }
    return *p == '\0';
}

/* Pre-release precedence (semver 2.0.0 section 11); "" (no pre-release) is highest. */
static int cmp_pre(const char *a, const char *b) {
    if (a[0] == '\0' || b[0] == '\0')
        return (a[0] == '\0') - (b[0] == '\0');
    while (*a != '\0' || *b != '\0') {
        if (*a == '\0')
            return -1;
        if (*b == '\0')
            return 1;
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        bool na = strspn(a, "0123456789") == la, nb = strspn(b, "0123456789") == lb;
        int c;
        if (na && nb) {
            c = la != lb ? (la < lb ? -1 : 1) : strncmp(a, b, la);
        } else if (na != nb) {
            c = na ? -1 : 1;
        } else {
            size_t m = la < lb ? la : lb;
            c = strncmp(a, b, m);
            if (c == 0 && la != lb)
                c = la < lb ? -1 : 1;
        }
        if (c != 0)
            return c < 0 ? -1 : 1;
        a += la;
        b += lb;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
    return 0;
}

static int cmp_u64(uint64_t a, uint64_t b) {
    return a < b ? -1 : a > b;
}

/* Full comparison of v against (c's major.minor.patch-pre). */
static int cmp_full(const seal__semver *v, const comparator *c) {
    int r = cmp_u64(v->major, c->major);
    if (r == 0)
        r = cmp_u64(v->minor, c->minor);
    if (r == 0)
        r = cmp_u64(v->patch, c->patch);
    if (r == 0)
        r = cmp_pre(v->pre, c->pre);
    return r;
}

static bool matches_exact(const seal__semver *v, const comparator *c) {
    if (v->major != c->major)
        return false;
    if (!c->has_minor)
        return true;
    if (v->minor != c->minor)
        return false;
    if (!c->has_patch)
        return true;
    return v->patch == c->patch && strcmp(v->pre, c->pre) == 0;
}

static bool matches_greater(const seal__semver *v, const comparator *c) {
    if (v->major != c->major)
        return v->major > c->major;
    if (!c->has_minor)
        return false;
    if (v->minor != c->minor)
        return v->minor > c->minor;
    if (!c->has_patch)
        return false;
    return cmp_full(v, c) > 0;
}

static bool matches_less(const seal__semver *v, const comparator *c) {
    if (v->major != c->major)
        return v->major < c->major;
    if (!c->has_minor)
        return false;
    if (v->minor != c->minor)
        return v->minor < c->minor;
    if (!c->has_patch)
        return false;
    return cmp_full(v, c) < 0;
}

static bool matches_tilde(const seal__semver *v, const comparator *c) {
    if (v->major != c->major)
        return false;
    if (c->has_minor && v->minor != c->minor)
        return false;
    if (c->has_patch && v->patch != c->patch)
        return v->patch > c->patch;
    return !c->has_patch || cmp_pre(v->pre, c->pre) >= 0;
}

static bool matches_caret(const seal__semver *v, const comparator *c) {
    if (v->major != c->major)
        return false;
    if (!c->has_minor)
        return true;
    if (!c->has_patch)
        return c->major > 0 ? v->minor >= c->minor : v->minor == c->minor;
    if (c->major > 0) {
        if (v->minor != c->minor)
            return v->minor > c->minor;
        if (v->patch != c->patch)
            return v->patch > c->patch;
    } else if (c->minor > 0) {
        if (v->minor != c->minor)
            return false;
        if (v->patch != c->patch)
            return v->patch > c->patch;
    } else if (v->minor != c->minor || v->patch != c->patch) {
        return false;
    }
    return cmp_pre(v->pre, c->pre) >= 0;
}

static bool matches_one(const seal__semver *v, const comparator *c) {
    switch (c->op) {
    case OP_EXACT:
    case OP_WILD:
        return matches_exact(v, c);
    case OP_GT:
        return matches_greater(v, c);
    case OP_GE:
        return matches_exact(v, c) || matches_greater(v, c);
    case OP_LT:
        return matches_less(v, c);
    case OP_LE:
        return matches_exact(v, c) || matches_less(v, c);
    case OP_TILDE:
        return matches_tilde(v, c);
    case OP_CARET:
        return matches_caret(v, c);
    }
    return false;
}

static bool is_wild(char ch) {
    return ch == '*' || ch == 'x' || ch == 'X';
}

static void skip_ws(const char **p) {
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

/* Parses one requirement into comparators; *n = 0 for "*" / empty (matches everything). */
static bool parse_req(const char *text, comparator *cs, size_t *n) {
    const char *p = text;
    *n = 0;
    skip_ws(&p);
    if (*p == '\0')
        return true;
    for (;;) {
        comparator c;
        memset(&c, 0, sizeof c);
        skip_ws(&p);
        bool explicit_op = true;
        if (p[0] == '>' && p[1] == '=') {
            c.op = OP_GE;
            p += 2;
        } else if (p[0] == '<' && p[1] == '=') {
            c.op = OP_LE;
            p += 2;
        } else if (*p == '>') {
            c.op = OP_GT;
            p++;
        } else if (*p == '<') {
            c.op = OP_LT;
            p++;
        } else if (*p == '=') {
            c.op = OP_EXACT;
            p++;
        } else if (*p == '~') {
            c.op = OP_TILDE;
            p++;
        } else if (*p == '^') {
            c.op = OP_CARET;
            p++;
        } else {
            c.op = OP_CARET;
            explicit_op = false;
        }
        skip_ws(&p);
        bool wildcard = false;
        if (is_wild(*p)) {
            /* "*" alone: any version (only without an operator or with '='). */
            if (explicit_op && c.op != OP_EXACT)
                return false;
            p++;
            wildcard = true;
            c.op = OP_WILD;
            /* Skip ".*.*" */
            while (p[0] == '.' && is_wild(p[1]))
                p += 2;
            skip_ws(&p);
            /* Contributes no constraint. */
            goto next;
        }
        if (!parse_num(&p, &c.major))
            return false;
        if (*p == '.') {
            p++;
            if (is_wild(*p)) {
                p++;
                wildcard = true;
                if (p[0] == '.' && is_wild(p[1]))
                    p += 2;
            } else {
                if (!parse_num(&p, &c.minor))
                    return false;
                c.has_minor = true;
                if (*p == '.') {
                    p++;
                    if (is_wild(*p)) {
                        p++;
                        wildcard = true;
                    } else {
                        if (!parse_num(&p, &c.patch))
                            return false;
                        c.has_patch = true;
                    }
                }
            }
        }
        if (!wildcard && c.has_patch && *p == '-') {
            p++;
            if (!parse_idents(&p, c.pre, sizeof c.pre, true))
                return false;
        }
        if (!wildcard && c.has_patch && *p == '+') {
            char build[64];
            p++;
            if (!parse_idents(&p, build, sizeof build, false))
                return false;
        }
        if (wildcard) {
            if (explicit_op && c.op != OP_EXACT)
                return false;
            c.op = OP_WILD;
        }
        if (*n >= MAX_COMPARATORS)
            return false;
        cs[(*n)++] = c;
    next:
        skip_ws(&p);
        if (*p == '\0')
            return true;
        if (*p != ',')
            return false;
        p++;
        skip_ws(&p);
        if (*p == '\0')
            return false;
    }
}

bool seal__semver_req_valid(const char *req) {
    comparator cs[MAX_COMPARATORS];
    size_t n = 0;
    return req != NULL && parse_req(req, cs, &n);
}

bool seal__semver_req_matches(const char *req, const seal__semver *v) {
    comparator cs[MAX_COMPARATORS];
    size_t n = 0;
    if (req == NULL || !parse_req(req, cs, &n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!matches_one(v, &cs[i]))
            return false;
    if (v->pre[0] == '\0')
        return true;
    /* A pre-release only matches when some comparator names a pre-release of its X.Y.Z. */
    for (size_t i = 0; i < n; i++)
        if (cs[i].pre[0] != '\0' && cs[i].major == v->major && cs[i].minor == v->minor &&
            cs[i].patch == v->patch)
            return true;
    return false;
}
