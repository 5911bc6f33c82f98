import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving end of the dispatch benchmark (dispatch.sh): a minimal SMTP sink (accepts every message, keeps
 * nothing) on SMTP_SINK_PORT and a stand-in for Twilio's Messages API (201 with a message resource) on
 * TWILIO_SINK_PORT. It counts what arrived and prints the counts when asked on GET /counts of the Twilio port.
 * Compiled against the server's jar (it uses the same Vert.x); not part of the application.
 */
public final class DispatchSinks {
  private static final AtomicLong MAILS = new AtomicLong();
  private static final AtomicLong TEXTS = new AtomicLong();

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    int smtpPort = Integer.parseInt(System.getenv().getOrDefault("SMTP_SINK_PORT", "12525"));
    int twilioPort = Integer.parseInt(System.getenv().getOrDefault("TWILIO_SINK_PORT", "12580"));
    vertx.createNetServer().connectHandler(DispatchSinks::smtp).listen(smtpPort, "127.0.0.1").await();
    vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/counts")) {
        request.response().end(MAILS.get() + " " + TEXTS.get() + "\n");
        return;
      }
      request.body().onSuccess(body -> {
        long n = TEXTS.incrementAndGet();
        request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end("{\"sid\":\"SM%032d\",\"status\":\"queued\"}".formatted(n));
      });
    }).listen(twilioPort, "127.0.0.1").await();
    System.out.println("sinks ready: smtp " + smtpPort + ", twilio " + twilioPort);
  }

  /** Just enough SMTP for a client that pipelines nothing it was not told it may: greeting, EHLO, MAIL, RCPT, DATA, RSET, QUIT. */
  private static void smtp(NetSocket socket) {
    boolean[] inData = {false};
    StringBuilder line = new StringBuilder();
    socket.write("220 sink ESMTP\r\n");
    socket.handler(buffer -> {
      for (byte b : buffer.getBytes()) {
        line.append((char) b);
        if (b != '\n') {
          continue;
        }
        String l = line.toString();
        line.setLength(0);
        if (inData[0]) {
          if (l.equals(".\r\n")) {
            inData[0] = false;
            MAILS.incrementAndGet();
            socket.write("250 OK queued\r\n");
          }
          continue;
        }
        String command = l.length() >= 4 ? l.substring(0, 4).toUpperCase() : l.toUpperCase();
        switch (command) {
          case "EHLO" -> socket.write("250-sink\r\n250 8BITMIME\r\n");
          case "DATA" -> {
            inData[0] = true;
            socket.write("354 go ahead\r\n");
          }
          case "QUIT" -> socket.write("221 bye\r\n").onComplete(v -> socket.close());
          default -> socket.write("250 OK\r\n");
        }
      }
    });
  }
}
