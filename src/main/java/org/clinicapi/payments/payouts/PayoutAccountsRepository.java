package org.clinicapi.payments.payouts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** payout_accounts, and what deciding who may onboard a provider needs to know of the provider. */
final class PayoutAccountsRepository {
  /** The provider's e-mail (Stripe pre-fills onboarding with it), locations and account, if any. */
  private static final String PROVIDER = """
      SELECT u.email::text AS email, pa.stripe_account_id,
             coalesce(array_agg(pl.location_id) FILTER (WHERE pl.location_id IS NOT NULL), '{}') AS locations
        FROM providers p
        JOIN users u ON u.id = p.user_id
        LEFT JOIN provider_locations pl ON pl.provider_id = p.user_id
        LEFT JOIN payout_accounts pa ON pa.provider_id = p.user_id
       WHERE p.user_id = $1
       GROUP BY u.email, pa.stripe_account_id""";
  /** Two concurrent first calls made the same account at Stripe (same idempotency key): one row, the first wins. */
  private static final String INSERT = """
      INSERT INTO payout_accounts (provider_id, stripe_account_id, payouts_enabled, details_submitted)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (provider_id) DO NOTHING
      RETURNING stripe_account_id""";
  private static final String ACCOUNT_OF = "SELECT stripe_account_id FROM payout_accounts WHERE provider_id = $1";
  /** What Stripe says now; rows already saying it are left alone (no write per visit). */
  private static final String REFRESH = """
      UPDATE payout_accounts SET payouts_enabled = $2, details_submitted = $3, updated_at = now()
       WHERE provider_id = $1 AND stripe_account_id = $4
         AND (payouts_enabled, details_submitted) IS DISTINCT FROM ($2, $3)""";

  /** A provider as the payout account link sees it; {@code accountId} null when none was made yet. */
  record Provider(UUID id, String email, Set<UUID> locations, String accountId) {
  }

  private PayoutAccountsRepository() {
  }

  static Future<Provider> provider(SqlClient sql, UUID id) {
    return sql.preparedQuery(PROVIDER).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new Provider(id, r.getString("email"), new HashSet<>(java.util.Arrays.asList(r.getArrayOfUUIDs("locations"))),
          r.getString("stripe_account_id"));
    });
  }

  /** True when this call inserted the row. */
  static Future<Boolean> insert(SqlClient sql, UUID provider, String accountId, boolean payoutsEnabled, boolean detailsSubmitted) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(provider, accountId, payoutsEnabled, detailsSubmitted))
        .map(rows -> rows.rowCount() > 0);
  }

  static Future<String> accountOf(SqlClient sql, UUID provider) {
    return sql.preparedQuery(ACCOUNT_OF).execute(Tuple.of(provider))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("stripe_account_id"));
  }

  static Future<Void> refresh(SqlClient sql, UUID provider, String accountId, boolean payoutsEnabled, boolean detailsSubmitted) {
    return sql.preparedQuery(REFRESH).execute(Tuple.of(provider, payoutsEnabled, detailsSubmitted, accountId)).mapEmpty();
  }
}
