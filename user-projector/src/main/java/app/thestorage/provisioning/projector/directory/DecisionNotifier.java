package app.thestorage.provisioning.projector.directory;

import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.serde.DecisionNotice;
import app.thestorage.provisioning.contract.serde.ContractJson;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells ingest-api which decisions are in the directory, by PostgreSQL notifications sent from the transaction
 * that wrote them: they are delivered when that transaction commits, and never if it does not. A decision too
 * large for a notification is stored in {@code directory.outcomes} and the notification points to it.
 */
@Component
public class DecisionNotifier {

    private static final String NOTIFY = "SELECT count(pg_notify('" + DecisionNotice.CHANNEL
            + "', payload)) FROM unnest(?::text[]) AS payload";

    private final JdbcTemplate jdbc;

    public DecisionNotifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Notifies the decisions as part of the caller's transaction, the one that writes their effects. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void notifyOf(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        String[] payloads = new String[decisions.size()];
        List<Object[]> stored = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            Decision decision = decisions.get(i);
            DecisionNotice notice = DecisionNotice.of(decision);
            if (notice.stored()) {
                stored.add(new Object[] {decision.requestId(), ContractJson.mapper().writeValueAsString(decision)});
            }
            payloads[i] = notice.payload();
        }
        if (!stored.isEmpty()) {
            jdbc.update(DirectoryStatements.SWEEP_OUTCOMES);
            jdbc.batchUpdate(DirectoryStatements.STORE_OUTCOME, stored);
        }
        jdbc.queryForObject(NOTIFY, Long.class, (Object) payloads);
    }
}
