package org.mmreview.cli.serve;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A warm mmreview on a Unix-domain socket, as Gradle's daemon and eslint_d are: the hooks' client
 * sends a command line and gets back exactly what a cold process would have printed, without paying
 * the JVM's start and the parser's warm-up each time. Only the user who started it can connect: its
 * directory is 0700 and owned by that user, the socket 0600, and each peer's uid is checked ({@code
 * SO_PEERCRED}). It exits after an idle period; one server per socket (a lock file beside it), so
 * two launchers racing to start one leave one running.
 */
public final class ServeServer {

  /** Runs one command line in-process: {@code Main.commandLine(host)} in production. */
  public interface Runner {
    int run(ServeProtocol.Request request, InputStream stdin, PrintWriter out, PrintWriter err);
  }

  /** Why a server could not start, in one line. */
  public static final class ServeException extends Exception {
    private static final long serialVersionUID = 1L;

    public ServeException(String message) {
      super(message);
    }
  }

  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final Path socket;
  private final Duration idle;
  private final Runner runner;
  private final PrintWriter log;
  private final Charset charset;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private volatile ServerSocketChannel server;

  /**
   * @param socket the socket's path; its directory is created 0700 when absent
   * @param idle exit after this long without a request
   * @param runner what runs a request
   * @param log where the server tells what it does (its own log file, not a client's)
   * @param charset how a command's characters become the client's bytes (the cold process's
   *     standard output encoding)
   */
  public ServeServer(Path socket, Duration idle, Runner runner, PrintWriter log, Charset charset) {
    this.socket = socket.toAbsolutePath();
    this.idle = idle;
    this.runner = runner;
    this.log = log;
    this.charset = charset;
  }

  /**
   * The socket of a jar build: under {@code $XDG_RUNTIME_DIR/mmreview/} (else {@code
   * /tmp/mmreview-$USER/}), named by a hash of the jar's path and modification time, so a rebuilt
   * jar gets a new server and the old one idles out. The launcher's clients compute the same name
   * (contrib/serve/client.c and client.py, {@code --socket-of JAR}).
   */
  public static Path defaultSocket(Map<String, String> env, Path jar, long jarMtimeSeconds) {
    Path dir =
        Optional.ofNullable(env.get("XDG_RUNTIME_DIR"))
            .filter(s -> !s.isEmpty())
            .map(s -> Path.of(s, "mmreview"))
            .orElseGet(
                () ->
                    Path.of(
                        "/tmp",
                        "mmreview-"
                            + Optional.ofNullable(env.get("USER"))
                                .filter(s -> !s.isEmpty())
                                .orElseGet(() -> System.getProperty("user.name"))));
    return dir.resolve(key(jar.toAbsolutePath() + ":" + jarMtimeSeconds) + ".sock");
  }

  /**
   * The 64-bit FNV-1a hash of the UTF-8 bytes, as 16 hex digits: not for security (the directory's
   * permissions are), only a short name a 20-line C client computes alike without a library.
   */
  static String key(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return HexFormat.of().toHexDigits(h);
  }

  /**
   * Serves until idle. Returns false without serving when another server already holds this socket.
   */
  public boolean serve() throws ServeException, IOException {
    Path dir = socket.getParent();
    ownerOnlyDirectory(dir);
    Path lockFile = dir.resolve(socket.getFileName() + ".lock");
    try (FileChannel lockChannel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockChannel)) {
      if (lock == null) {
        log.println("mmreview serve: " + socket + ": a server is already running");
        log.flush();
        return false;
      }
      Files.deleteIfExists(socket); // a server killed before it could remove it
      ExecutorService workers = Executors.newFixedThreadPool(2, ServeServer::daemon);
      try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, OWNER_ONLY_FILE);
        server = ch;
        log.println("mmreview serve: listening on " + socket + " (idle exit after " + idle + ")");
        log.flush();
        Thread watch = daemon(this::closeWhenIdle);
        watch.start();
        while (true) {
          SocketChannel client;
          try {
            client = ch.accept();
          } catch (ClosedChannelException e) {
            break; // idle: closeWhenIdle closed it
          }
          active.incrementAndGet();
          lastActivity.set(System.nanoTime());
          workers.execute(() -> handle(client));
        }
      } finally {
        workers.shutdown();
        try {
          workers.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
        log.println("mmreview serve: " + socket + ": idle, exiting");
        log.flush();
      }
    }
    return true;
  }

  /** The lock, or null when another server (in this process or another) holds it. */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Stops accepting; requests in flight finish. */
  public void stop() throws IOException {
    ServerSocketChannel s = server;
    if (s != null) {
      s.close();
    }
  }

  private void closeWhenIdle() {
    while (true) {
      try {
        Thread.sleep(Math.min(1000, Math.max(10, idle.toMillis() / 4)));
      } catch (InterruptedException e) {
        return;
      }
      long quiet = System.nanoTime() - lastActivity.get();
      if (active.get() == 0 && quiet > idle.toNanos()) {
        try {
          stop();
        } catch (IOException e) {
          // closing a listening socket does not fail in a way we could act on
        }
        return;
      }
    }
  }

  private void handle(SocketChannel client) {
    try (client) {
      if (!samePeer(client)) {
        log.println("mmreview serve: refused a connection from another user");
        log.flush();
        return;
      }
      InputStream in = Channels.newInputStream(client);
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
      ServeProtocol.Request r;
      try {
        r = ServeProtocol.readRequest(in);
      } catch (IOException e) {
        log.println("mmreview serve: bad request: " + e.getMessage());
        log.flush();
        return;
      }
      int status;
      PrintWriter stdout = writer(out, ServeProtocol.STDOUT);
      PrintWriter stderr = writer(out, ServeProtocol.STDERR);
      try {
        status = runner.run(r, new ByteArrayInputStream(r.stdin()), stdout, stderr);
      } catch (Throwable t) {
        // As Main.main does for the cold path: one line, the internal-error status.
        stderr.println("mmreview: internal error: " + t);
        status = 3;
      }
      stdout.flush();
      stderr.flush();
      synchronized (out) {
        out.writeByte(ServeProtocol.EXIT);
        out.writeInt(status);
        out.flush();
      }
    } catch (IOException e) {
      log.println("mmreview serve: connection lost: " + e.getMessage());
      log.flush();
    } finally {
      lastActivity.set(System.nanoTime());
      active.decrementAndGet();
    }
  }

  private PrintWriter writer(DataOutputStream out, byte type) {
    OutputStream frames =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            synchronized (out) {
              ServeProtocol.writeFrame(out, type, b, off, len);
            }
          }

          @Override
          public void flush() throws IOException {
            synchronized (out) {
              out.flush();
            }
          }
        };
    return new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(frames), charset));
  }

  /** The peer runs as the user this server runs as. */
  private boolean samePeer(SocketChannel client) throws IOException {
    UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
    return sameUser(peer.user().getName(), Files.getOwner(socket.getParent()).getName());
  }

  static boolean sameUser(String peer, String owner) {
    return peer.equals(owner);
  }

  /**
   * Creates the socket's directory 0700, or checks that an existing one is ours and closed to
   * others: a socket in a directory another user can write could be replaced under us.
   */
  static void ownerOnlyDirectory(Path dir) throws ServeException, IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // whatever the umask did
    }
    String me = System.getProperty("user.name");
    String owner = Files.getOwner(dir).getName();
    if (!owner.equals(me)) {
      throw new ServeException(dir + ": owned by " + owner + ", not " + me);
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    if (!OWNER_ONLY_DIR.containsAll(perms)) {
      throw new ServeException(
          dir + ": open to other users (" + PosixFilePermissions.toString(perms) + "), want 0700");
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "mmreview-serve");
    t.setDaemon(true);
    return t;
  }
}
