package app.thestorage.provisioning.projector.decide;

import app.thestorage.provisioning.contract.user.User;
import java.util.List;
import java.util.Optional;

/**
 * What the projector knows about one tenant's users while deciding a command: its own state, never the
 * database, so that a decision depends only on the commands before it.
 */
public interface UserLedger {

    Optional<User> byId(String tenant, String userId);

    /** The id of the user holding this userName, compared without regard to letter case. */
    Optional<String> idByUserName(String tenant, String userName);

    void put(User user);

    void remove(User user);

    /** Up to {@code limit} of the tenant's users, in the order of their ids. */
    List<User> some(String tenant, int limit);
}
