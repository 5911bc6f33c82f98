package org.clinicapi.communications;

import org.clinicapi.support.FreshDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The claim walks the pending index in order even when statistics say the outbox is nearly empty")
class OutboxClaimPlanTest {

  private static String plan(Statement s) throws Exception {
    String claim = OutboxRepository.CLAIM.replace("$1", "20").replace("$2", "'{email,sms}'").replace("$3", "gen_random_uuid()")
        .replace("$4", "60");
    StringBuilder plan = new StringBuilder();
    try (ResultSet rows = s.executeQuery("EXPLAIN " + claim)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  @Test
  @DisplayName("20,000 rows queued after the last ANALYZE: a bitmap scan and sort of them all by default, the index in order with the claim's setting")
  void claimUsesThePendingIndexInOrder() throws Exception {
    try (FreshDatabase db = FreshDatabase.create(); Connection c = db.connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("ANALYZE outbox");
      s.execute("""
          INSERT INTO users (id, email, name, role) VALUES ('00000000-0000-0000-0000-0000000000c1', 'plan@example.com', 'Plan', 'patient')""");
      s.execute("""
          INSERT INTO outbox (kind, channel, user_id, payload)
          SELECT 'password_reset', 'email', '00000000-0000-0000-0000-0000000000c1', '{}' FROM generate_series(1, 20000)""");
      assertThat(plan(s)).contains("Sort");
      s.execute(OutboxRepository.ORDERED_BY_INDEX);
      String ordered = plan(s);
      assertThat(ordered).contains("Index Scan using outbox_pending_idx on outbox").doesNotContain("Sort").doesNotContain("Bitmap");
      c.rollback();
    }
  }
}
