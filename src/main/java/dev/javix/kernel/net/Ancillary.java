package dev.javix.kernel.net;

import dev.javix.kernel.fs.OpenFile;
import java.util.List;

/**
 * Ancillary data in flight (cmsg(3), unix(7) "Ancillary messages"): the open file descriptions
 * of an SCM_RIGHTS message and the credentials the sender gave with SCM_CREDENTIALS (null for
 * the default, the sender's own). A message holds one reference to each file from sendmsg until
 * the receiver installs it; files never received are released ({@link #release}) when the
 * message is dropped: the receiver's buffer had no room (MSG_CTRUNC), or the receiving socket
 * closed with the message unread.
 */
public final class Ancillary {
    /** The passed files, each with a reference owned by this object; empty when none. */
    final List<OpenFile> rights;
    /** Explicit SCM_CREDENTIALS of the sender, or null. */
    final Ucred credentials;

    public Ancillary(List<OpenFile> rights, Ucred credentials) {
        this.rights = rights;
        this.credentials = credentials;
    }

    public List<OpenFile> rights() {
        return rights;
    }

    public boolean hasRights() {
        return !rights.isEmpty();
    }

    /** A copy sharing the files under new references (MSG_PEEK installs duplicates: unix_peek_fds). */
    Ancillary duplicate() {
        for (OpenFile f : rights) f.retain();
        return new Ancillary(List.copyOf(rights), credentials);
    }

    /** Drops every file reference still held. */
    public void release() {
        for (OpenFile f : rights) f.close();
    }
}
