/* id: print real and effective user and group IDs, like coreutils id.
 *   id [-u|-g|-G] [-n] [-r] [USER]
 *   Without options: uid=N(name) gid=N(name) [euid=… egid=… when they differ] groups=….
 *   -u the user id, -g the group id, -G every group id; -n names instead of numbers, -r
 *   real instead of effective ids. USER: that user's ids from /etc/passwd and /etc/group.
 * Exit status 1 for an unknown user. */
#include "tools.h"
#include <grp.h>

/* The groups of the process, or of user (its primary group, then each /etc/group line that
   lists it) into out; their count. */
static int groups_of(const char *user, gid_t primary, gid_t *out, int max) {
    if (!user) {
        int n = getgroups(max, out);
        if (n < 0) n = 0;
        /* The effective group comes first when getgroups does not list it, as coreutils. */
        int has = 0;
        for (int k = 0; k < n; k++) has |= out[k] == primary;
        if (!has && n < max) {
            memmove(out + 1, out, (size_t)n * sizeof *out);
            out[0] = primary;
            n++;
        } else if (has) {
            for (int k = 0; k < n; k++)
                if (out[k] == primary) {
                    memmove(out + 1, out, (size_t)k * sizeof *out);
                    out[0] = primary;
                    break;
                }
        }
        return n;
    }
    int n = 0;
    out[n++] = primary;
    FILE *f = fopen("/etc/group", "r");
    if (!f) return n;
    char line[1024];
    while (fgets(line, sizeof line, f) && n < max) {
        line[strcspn(line, "\n")] = 0;
        char *name = strtok(line, ":");
        strtok(NULL, ":");
        char *gid = strtok(NULL, ":");
        char *members = strtok(NULL, ":");
        if (!name || !gid || !members) continue;
        for (char *m = strtok(members, ","); m; m = strtok(NULL, ","))
            if (!strcmp(m, user) && (gid_t)atol(gid) != primary) out[n++] = (gid_t)atol(gid);
    }
    fclose(f);
    return n;
}

/* The fourth field (gid) of user's /etc/passwd line, or -1. */
static long primary_gid(const char *user) {
    FILE *f = fopen("/etc/passwd", "r");
    if (!f) return -1;
    char line[1024];
    long gid = -1;
    size_t len = strlen(user);
    while (gid < 0 && fgets(line, sizeof line, f)) {
        if (strncmp(line, user, len) || line[len] != ':') continue;
        char *p = line + len + 1;
        for (int field = 1; field < 3 && p; field++) {
            p = strchr(p, ':');
            if (p) p++;
        }
        if (p) gid = strtol(p, NULL, 10);
    }
    fclose(f);
    return gid;
}

int main(int argc, char **argv) {
    tool_init("id");
    int only_u = 0, only_g = 0, all_g = 0, names = 0, real = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: id [OPTION]... [USER]\n"
                 "Print user and group information for each specified USER,\n"
                 "or (when USER omitted) for the current process.\n\n"
                 "  -g, --group    print only the effective group ID\n"
                 "  -G, --groups   print all group IDs\n"
                 "  -n, --name     print a name instead of a number, for -u,-g,-G\n"
                 "  -r, --real     print the real ID instead of the effective ID, with -u,-g,-G\n"
                 "  -u, --user     print only the effective user ID\n"
                 "      --help     display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--user")) { only_u = 1; continue; }
        if (!strcmp(a, "--group")) { only_g = 1; continue; }
        if (!strcmp(a, "--groups")) { all_g = 1; continue; }
        if (!strcmp(a, "--name")) { names = 1; continue; }
        if (!strcmp(a, "--real")) { real = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            switch (*a) {
            case 'u': only_u = 1; break;
            case 'g': only_g = 1; break;
            case 'G': all_g = 1; break;
            case 'n': names = 1; break;
            case 'r': real = 1; break;
            default: warnx_("invalid option -- '%c'", *a); try_help(1);
            }
        }
    }
    if (only_u + only_g + all_g > 1) {
        warnx_("cannot print \"only\" of more than one choice");
        return 1;
    }
    if ((names || real) && !(only_u || only_g || all_g)) {
        warnx_("cannot print only names or real IDs in default format");
        return 1;
    }
    const char *user = i < argc ? argv[i] : NULL;
    uid_t ruid = getuid(), euid = geteuid();
    gid_t rgid = getgid(), egid = getegid();
    if (user) {
        char buf[64];
        long uid = name_to_id("/etc/passwd", user);
        if (uid < 0 && is_pid_name(user) && id_to_name("/etc/passwd", strtoul(user, NULL, 10), buf, sizeof buf)) {
            uid = atol(user);
            user = strdup(buf);
        }
        long gid = uid < 0 ? -1 : primary_gid(user);
        if (uid < 0 || gid < 0) {
            warnx_("'%s': no such user", user);
            return 1;
        }
        ruid = euid = (uid_t)uid;
        rgid = egid = (gid_t)gid;
    }
    uid_t uid = real ? ruid : euid;
    gid_t gid = real ? rgid : egid;
    gid_t groups[256];
    int ng = groups_of(user, egid, groups, 256);
    if (only_u) {
        if (names) puts(user_name(uid));
        else printf("%u\n", uid);
    } else if (only_g) {
        if (names) puts(group_name(gid));
        else printf("%u\n", gid);
    } else if (all_g) {
        for (int k = 0; k < ng; k++) {
            if (names) printf("%s%s", k ? " " : "", group_name(groups[k]));
            else printf("%s%u", k ? " " : "", groups[k]);
        }
        putchar('\n');
    } else {
        printf("uid=%u(%s) gid=%u(%s)", ruid, user_name(ruid), rgid, group_name(rgid));
        if (euid != ruid) printf(" euid=%u(%s)", euid, user_name(euid));
        if (egid != rgid) printf(" egid=%u(%s)", egid, group_name(egid));
        printf(" groups=");
        for (int k = 0; k < ng; k++) printf("%s%u(%s)", k ? "," : "", groups[k], group_name(groups[k]));
        putchar('\n');
    }
    return close_stdout(0);
}
