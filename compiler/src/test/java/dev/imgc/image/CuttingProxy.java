package dev.imgc.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a server that, once, cuts every connection when the bytes sent towards the
 * server pass a mark: a pulled cable in the middle of an upload.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String upstreamHost;
  private final int upstreamPort;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean cut = new AtomicBoolean();
  private volatile long cutAfter = Long.MAX_VALUE;

  private CuttingProxy(ServerSocket listener, String upstream) {
    this.listener = listener;
    this.upstreamHost = upstream.substring(0, upstream.lastIndexOf(':'));
    this.upstreamPort = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
  }

  /** @param upstream {@code host:port} of the server */
  public static CuttingProxy start(String upstream) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress("127.0.0.1", 0));
    CuttingProxy proxy = new CuttingProxy(listener, upstream);
    Thread accept = new Thread(proxy::acceptLoop, "cutting-proxy");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  public String host() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Cuts once, when {@code bytes} more have gone towards the server. */
  public void cutAfter(long bytes) {
    cutAfter = sent.get() + bytes;
  }

  public boolean hasCut() {
    return cut.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(upstreamHost, upstreamPort);
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean towardsServer) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          if (towardsServer && sent.addAndGet(n) > cutAfter && cut.compareAndSet(false, true)) {
            from.close();
            to.close();
            return;
          }
        }
      } catch (IOException e) {
        // One side went away: close the other.
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "cutting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
