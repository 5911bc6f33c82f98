package org.clinicapi.faults;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upload whose client sends slowly (64 KiB every 100 ms, 2 MiB in all): its temporary file is on disk while the
 * server is killed. Its outcome does not matter: it runs on a thread of its own until it fails.
 */
final class SlowUpload {
  private static final int CHUNKS = 32;

  private SlowUpload() {
  }

  /** Starts it; {@code unanswered} counts it when it gets no answer. */
  static Thread start(Http http, String token, AtomicInteger unanswered) {
    byte[] head = Http.fileHead("slow.txt").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = Http.TAIL.getBytes(StandardCharsets.US_ASCII);
    long length = head.length + CHUNKS * 65_536L + tail.length;
    Thread thread = new Thread(() -> {
      try {
        http.upload("/api/v1/files", token, length, () -> new SequenceInputStream(new ByteArrayInputStream(head),
            new SequenceInputStream(new SlowStream(CHUNKS), new ByteArrayInputStream(tail))));
      } catch (IOException e) {
        unanswered.incrementAndGet();
      }
    }, "slow-upload");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Text in 64 KiB chunks, each after a 100 ms pause. */
  private static final class SlowStream extends InputStream {
    private final byte[] chunk = "slow\n".repeat(13_108).substring(0, 65_536).getBytes(StandardCharsets.US_ASCII);
    private int left;
    private int position = chunk.length;

    SlowStream(int chunks) {
      this.left = chunks;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (position == chunk.length) {
        if (left == 0) {
          return -1;
        }
        left--;
        position = 0;
        Http.pause(100);
      }
      int n = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, into, offset, n);
      position += n;
      return n;
    }
  }
}
