package org.clinicapi.support;

import java.util.ArrayList;
import java.util.List;

/** What a test opened, closed in reverse order (a server before the proxy it talks through): {@code @AutoClose} it. */
public final class Cleanup implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();

  public <T extends AutoCloseable> T add(T resource) {
    opened.add(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }
}
