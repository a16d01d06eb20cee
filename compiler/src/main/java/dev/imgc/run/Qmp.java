package dev.imgc.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A client of QEMU's machine protocol (QMP) on the Unix socket {@code -qmp unix:PATH,server=on,wait=off}
 * opened: one JSON object a line, a greeting first, then one reply per command with events in between.
 * Everything it does ends by a deadline: a QEMU that stops answering closes the connection.
 */
final class Qmp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SocketChannel channel;
  private final BufferedReader in;
  private final OutputStream out;
  private final Thread deadlineWatch;

  private Qmp(SocketChannel channel, Instant deadline) {
    this.channel = channel;
    this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.out = Channels.newOutputStream(channel);
    this.deadlineWatch = new Thread(() -> {
      try {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
        channel.close();
      } catch (InterruptedException | IOException closedFirst) {
        // the conversation ended in time
      }
    }, "imgc-qmp-deadline");
    deadlineWatch.setDaemon(true);
    deadlineWatch.start();
  }

  /**
   * Connects to {@code socket} once QEMU has made it and is ready to talk (its greeting read, command
   * mode entered), retrying while {@code qemu} is alive, until {@code deadline}.
   *
   * @throws IOException when QEMU ended, or did not answer by the deadline
   */
  static Qmp connect(Path socket, ProcessHandle qemu, Instant deadline) throws IOException {
    while (true) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      Qmp qmp = null;
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        qmp = new Qmp(channel, deadline);
        qmp.reply("the greeting");
        qmp.execute("qmp_capabilities");
        return qmp;
      } catch (IOException notYet) {
        if (qmp != null) {
          qmp.close();
        } else {
          channel.close();
        }
        if (!qemu.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IOException("QEMU's machine protocol did not answer on " + socket + " (" + notYet.getMessage() + ")");
        }
        sleep(Duration.ofMillis(100));
      }
    }
  }

  /** Runs a command that takes no arguments ({@code system_powerdown}) and waits for its reply. */
  void execute(String command) throws IOException {
    out.write(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    JsonNode reply = reply(command);
    if (reply.has("error")) {
      throw new IOException("QEMU refused " + command + ": " + reply.path("error").path("desc").asText());
    }
  }

  /** The next message that is not an event. */
  private JsonNode reply(String awaited) throws IOException {
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("QEMU closed its machine protocol before " + awaited);
      }
      JsonNode message = JSON.readTree(line);
      if (!message.has("event")) {
        return message;
      }
    }
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for QEMU", e);
    }
  }

  @Override
  public void close() throws IOException {
    deadlineWatch.interrupt();
    channel.close();
  }
}
