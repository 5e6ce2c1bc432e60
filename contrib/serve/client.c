/*
 * mmreview's native serve client: runs one mmreview command line in the warm server
 * (`mmreview serve`) and prints exactly what a cold process would have printed, with its exit
 * status. The launcher compiles it on first use with the machine's C compiler into
 * target/mmreview-client; where there is none, it uses client.py (same protocol, same exit
 * codes), and without python3 the cold path.
 *
 *   mmreview-client JAR ARG...          run ARG... in the server of the jar build JAR
 *   mmreview-client --socket-of JAR     print that server's socket path
 *
 * Why C: a hook's whole budget is half of checkpatch's CPU on the patch (~0.1 s); Python's own
 * start is ~0.03-0.08 s of it, this client's ~1 ms.
 *
 * The socket is $XDG_RUNTIME_DIR/mmreview/KEY.sock (else /tmp/mmreview-$USER/KEY.sock), KEY the
 * 64-bit FNV-1a hash of "JAR:MTIME" (MTIME the jar's modification time in whole seconds) as 16
 * hex digits: ServeServer.defaultSocket and client.py compute the same.
 *
 * Exit 75 (EX_TEMPFAIL) when no server answered before anything was printed and standard input
 * was not read: the launcher then runs the cold path (and starts a server for next time). The
 * protocol is documented in src/main/java/org/mmreview/cli/serve/ServeProtocol.java. POSIX and
 * C99 only.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define NO_SERVER 75

extern char **environ;

/* A growable byte buffer for the request line. */
struct buf {
  char *p;
  size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      fputs("mmreview: out of memory\n", stderr);
      exit(3);
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) len = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) len = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) len = 4, cp = c & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  return len;
}

/*
 * A JSON string. Bytes that are not UTF-8 become U+DC80..U+DCFF, as Python's surrogateescape
 * (client.py) sends them, so both clients send the server the same strings.
 */
static void json_str(struct buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s);
  put(b, "\"", 1);
  for (size_t i = 0; i < n;) {
    unsigned c = u[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      put(b, e, 2);
      i++;
    } else if (c < 0x20 || c == 0x7f) {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(b, e, 6);
      i++;
    } else {
      size_t len = utf8_len(u + i, n - i);
      if (len) {
        put(b, s + i, len);
        i += len;
      } else {
        char e[6] = {'\\', 'u', 'd', 'c', hex[c >> 4], hex[c & 15]};
        put(b, e, 6);
        i++;
      }
    }
  }
  put(b, "\"", 1);
}

/* The server's socket for the jar build JAR; 0 when the jar cannot be read or the path is long. */
static int socket_of(const char *jar, char *out, size_t outsz) {
  struct stat st;
  if (stat(jar, &st) != 0) return 0;
  char key[4096];
  int kn = snprintf(key, sizeof key, "%s:%lld", jar, (long long)st.st_mtime);
  if (kn < 0 || (size_t)kn >= sizeof key) return 0;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < kn; i++) {
    h ^= (unsigned char)key[i];
    h *= 0x100000001b3ULL;
  }
  const char *xdg = getenv("XDG_RUNTIME_DIR");
  int n;
  if (xdg && *xdg) {
    n = snprintf(out, outsz, "%s/mmreview/%016llx.sock", xdg, (unsigned long long)h);
  } else {
    const char *user = getenv("USER");
    if (!user || !*user) {
      struct passwd *pw = getpwuid(getuid());
      user = pw ? pw->pw_name : "";
    }
    n = snprintf(out, outsz, "/tmp/mmreview-%s/%016llx.sock", user, (unsigned long long)h);
  }
  return n > 0 && (size_t)n < outsz;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Reads exactly n bytes; 1 done, 0 end of stream or error. */
static int read_full(int fd, char *p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    p += r;
    n -= (size_t)r;
  }
  return 1;
}

int main(int argc, char **argv) {
  char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
  if (argc == 3 && strcmp(argv[1], "--socket-of") == 0) {
    if (!socket_of(argv[2], path, sizeof path)) return NO_SERVER;
    puts(path);
    return 0;
  }
  if (argc < 2) {
    fputs("usage: mmreview-client JAR ARG... | --socket-of JAR\n", stderr);
    return 2;
  }
  /* A reader that goes away (| head) ends output quietly, as it does for the JVM. */
  signal(SIGPIPE, SIG_IGN);
  if (!socket_of(argv[1], path, sizeof path)) return NO_SERVER;
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0) return NO_SERVER;
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  memcpy(addr.sun_path, path, strlen(path) + 1);
  if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) return NO_SERVER;

  struct buf req = {0};
  int want_stdin = 0;
  puts_(&req, "MMRV1\n{\"argv\":[");
  for (int i = 2; i < argc; i++) {
    size_t n = strlen(argv[i]);
    if (strcmp(argv[i], "-") == 0 || (n >= 2 && strcmp(argv[i] + n - 2, "=-") == 0)) {
      want_stdin = 1;
    }
    if (i > 2) put(&req, ",", 1);
    json_str(&req, argv[i]);
  }
  puts_(&req, "],\"cwd\":");
  char *cwd = getcwd(NULL, 0);
  if (!cwd) {
    fprintf(stderr, "mmreview: cannot read the current directory: %s\n", strerror(errno));
    return 3;
  }
  json_str(&req, cwd);
  puts_(&req, ",\"env\":{");
  int first = 1;
  for (char **e = environ; *e; e++) {
    char *eq = strchr(*e, '=');
    if (!eq) continue;
    if (!first) put(&req, ",", 1);
    first = 0;
    *eq = '\0';
    json_str(&req, *e);
    *eq = '=';
    put(&req, ":", 1);
    json_str(&req, eq + 1);
  }
  puts_(&req, isatty(1) ? "},\"tty\":true}\n" : "},\"tty\":false}\n");

  int started = 0, stdin_read = 0;
  if (write_all(s, req.p, req.n) != 0) goto lost;
  /* Standard input only when a FILE is "-": a hook's stdin may be a pipe nobody closes. */
  if (want_stdin) {
    /* Once standard input is read, the cold path could not read it again: no fallback then. */
    stdin_read = 1;
    char chunk[65536];
    for (;;) {
      ssize_t r = read(0, chunk, sizeof chunk);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      if (write_all(s, chunk, (size_t)r) != 0) goto lost;
    }
  }
  shutdown(s, SHUT_WR);

  char *data = NULL;
  size_t cap = 0;
  for (;;) {
    unsigned char head[5];
    if (!read_full(s, (char *)head, 1)) break;
    if (!read_full(s, (char *)head + 1, 4)) break;
    uint32_t n = (uint32_t)head[1] << 24 | (uint32_t)head[2] << 16 | (uint32_t)head[3] << 8 | head[4];
    if (head[0] == 'x') return (int)(int32_t)n;
    if (n > cap) {
      char *p = realloc(data, n);
      if (!p) break;
      data = p;
      cap = n;
    }
    if (!read_full(s, data, n)) break;
    started = 1;
    /* What the JVM does on a closed stdout or stderr: nothing, and carry on. */
    (void)write_all(head[0] == 'o' ? 1 : 2, data, n);
  }
lost:
  if (!started && !stdin_read) return NO_SERVER;
  fputs("mmreview: the server went away mid-command (see target/mmreview-serve.log)\n", stderr);
  return 3;
}
