package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.common.db.Like;
import org.clinicapi.scheduling.api.ProviderCursor;
import org.clinicapi.scheduling.api.ProviderListItem;
import org.clinicapi.scheduling.api.ProviderPage;
import org.clinicapi.scheduling.api.ProviderQuery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** GET /providers: one statement per page ({@link ProviderSearchSql}), rows read into list items and the next cursor. */
final class ProviderSearchRepository {

  Future<ProviderPage> page(SqlClient sql, ProviderQuery q) {
    ProviderCursor after = q.after();
    Tuple params = Tuple.from(Arrays.asList(q.locationId(), q.specialty(), q.search() == null ? null : Like.escape(q.search()),
        q.language(), q.minFee(), q.maxFee(), q.minRating() == null ? null : java.math.BigDecimal.valueOf(q.minRating()),
        q.verified(), utc(q.availableFrom()), utc(q.availableTo()), q.availableOn(), after == null ? null : after.value(),
        after == null ? null : after.id(), q.limit() + 1));
    return sql.preparedQuery(ProviderSearchSql.statement(q.sort())).execute(params).map(rows -> {
      List<ProviderListItem> items = new ArrayList<>();
      Row last = null;
      for (Row row : rows) {
        if (items.size() == q.limit()) {
          break;
        }
        items.add(item(row));
        last = row;
      }
      String next = rows.size() > q.limit() && last != null
          ? new ProviderCursor(q.sort().wire(), last.getUUID("id"), last.getString("sort_key")).encode() : null;
      return new ProviderPage(List.copyOf(items), next);
    });
  }

  private static ProviderListItem item(Row row) {
    OffsetDateTime next = row.getOffsetDateTime("next_at");
    String nextAt = next == null ? null
        : SlotCalculator.RFC3339.format(next.toInstant().atZone(ZoneId.of(row.getString("next_zone"))));
    return new ProviderListItem(ProvidersRepository.view(row), row.getBoolean("verified"), List.of(row.getArrayOfStrings("languages")),
        nextAt, row.getUUID("next_location"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
