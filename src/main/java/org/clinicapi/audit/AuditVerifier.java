package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.clinicapi.audit.api.ChainVerdict.BrokenLink;
import org.clinicapi.audit.api.AuditHash;
import org.clinicapi.audit.api.ChainVerdict;

import java.util.Arrays;
import java.util.List;

/**
 * Links first, then walks every chain in sequence order, a page at a time, recomputing each link: the
 * sequence has no gap, each prev_hash is the previous row's hash, each hash matches the row's fields, and
 * the chain ends where its head says. Linking first means every row committed before the verification
 * started is checked (appended rows are linked moments after their commit anyway); if linking fails the
 * verification fails rather than vouch for rows it did not check. Reads up to the heads as read after
 * linking, so rows committed meanwhile are left for next time. Public for the tools ({@code restore-check}
 * verifies a restored copy with it, through {@link #on(Pool)}).
 */
public final class AuditVerifier {
  private static final int PAGE = 1000;

  private final AuditRepository repository;
  private final AuditLinker linker;

  AuditVerifier(AuditRepository repository, AuditLinker linker) {
    this.repository = repository;
    this.linker = linker;
  }

  /** A verifier of the database behind {@code pool}, with a linker of its own (it links before it walks). */
  public static AuditVerifier on(Pool pool) {
    AuditRepository repository = new AuditRepository(pool);
    return new AuditVerifier(repository, new AuditLinker(repository));
  }

  public Future<ChainVerdict> verify() {
    Tally tally = new Tally();
    return linker.linkAll().compose(v -> repository.heads()).compose(heads -> chains(heads, 0, tally)).map(v -> tally.verdict());
  }

  private Future<Void> chains(List<AuditRepository.Head> heads, int index, Tally tally) {
    if (index == heads.size() || tally.broken != null) {
      return Future.succeededFuture();
    }
    Walk walk = new Walk(heads.get(index));
    return page(walk, tally).compose(v -> chains(heads, index + 1, tally));
  }

  private Future<Void> page(Walk walk, Tally tally) {
    return repository.chainPage(walk.head.chain(), walk.seq, walk.head.seq(), PAGE).compose(rows -> {
      for (ChainedEvent row : rows) {
        if (!walk.accept(row)) {
          tally.broken = new BrokenLink(row.chain(), row.seq(), row.id());
          return Future.succeededFuture();
        }
        tally.checked++;
      }
      if (rows.size() == PAGE) {
        return page(walk, tally);
      }
      if (!walk.reachedHead()) {
        // Rows are missing at the end of the chain (or the head was moved): the next link cannot be found.
        tally.broken = new BrokenLink(walk.head.chain(), walk.seq + 1, null);
      }
      return Future.succeededFuture();
    });
  }

  /** Position in one chain. */
  private static final class Walk {
    private final AuditRepository.Head head;
    private long seq;
    private byte[] hash = AuditHash.genesis();

    Walk(AuditRepository.Head head) {
      this.head = head;
    }

    boolean accept(ChainedEvent row) {
      byte[] expected = AuditHash.of(hash, row.id(), row.event(), row.chain(), row.seq());
      boolean linked = row.seq() == seq + 1 && Arrays.equals(row.prevHash(), hash) && Arrays.equals(row.hash(), expected);
      seq = row.seq();
      hash = row.hash();
      return linked;
    }

    boolean reachedHead() {
      return seq == head.seq() && Arrays.equals(hash, head.hash());
    }
  }

  private static final class Tally {
    private long checked;
    private BrokenLink broken;

    ChainVerdict verdict() {
      return new ChainVerdict(broken == null, checked, broken);
    }
  }
}
