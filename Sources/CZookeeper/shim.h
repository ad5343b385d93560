#ifndef PORPOISE_CZOOKEEPER_SHIM_H
#define PORPOISE_CZOOKEEPER_SHIM_H
// The synchronous API is declared only for the multi-threaded library.
#define THREADED 1
#include <zookeeper/zookeeper.h>
#include <errno.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Swift 6 rejects mutable C globals; these accessors are the only way the wrapper reaches them.
static inline struct ACL_vector *pp_zk_open_acl_unsafe(void) { return &ZOO_OPEN_ACL_UNSAFE; }
// Everything for the identities the session authenticated with (digest user:password).
static inline struct ACL_vector *pp_zk_creator_all_acl(void) { return &ZOO_CREATOR_ALL_ACL; }
// Readable by anyone, changed only by the authenticated identities. The permission bits are
// spelled out: ZOO_PERM_* are extern variables, not constants a static initializer may use.
static inline struct ACL_vector *pp_zk_world_read_creator_all_acl(void) {
  static struct ACL entries[2] = {{1 /* READ */, {"world", "anyone"}}, {0x1f /* ALL */, {"auth", ""}}};
  static struct ACL_vector acl = {2, entries};
  return &acl;
}

struct pp_zk_auth_wait { sem_t done; int rc; };
static inline void pp_zk_auth_done(int rc, const void *data) {
  struct pp_zk_auth_wait *w = (struct pp_zk_auth_wait *)data;
  w->rc = rc;
  sem_post(&w->done);
}
// Adds digest credentials (`user:password`) to the session and waits for the server's answer.
// On a timeout the wait record is left allocated: the completion may still write to it.
static inline int pp_zk_add_digest(zhandle_t *zh, const char *credentials, int timeout_ms) {
  struct pp_zk_auth_wait *w = (struct pp_zk_auth_wait *)malloc(sizeof *w);
  if (!w) return ZSYSTEMERROR;
  sem_init(&w->done, 0, 0);
  w->rc = ZOK;
  int rc = zoo_add_auth(zh, "digest", credentials, (int)strlen(credentials), pp_zk_auth_done, w);
  if (rc != ZOK) { sem_destroy(&w->done); free(w); return rc; }
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_ms / 1000;
  deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec += 1; deadline.tv_nsec -= 1000000000L; }
  while (sem_timedwait(&w->done, &deadline) != 0) {
    if (errno != EINTR) return ZOPERATIONTIMEOUT;
  }
  rc = w->rc;
  sem_destroy(&w->done);
  free(w);
  return rc;
}

static inline int pp_zk_state_connected(void) { return ZOO_CONNECTED_STATE; }
static inline int pp_zk_state_connecting(void) { return ZOO_CONNECTING_STATE; }
static inline int pp_zk_state_associating(void) { return ZOO_ASSOCIATING_STATE; }
static inline int pp_zk_state_expired(void) { return ZOO_EXPIRED_SESSION_STATE; }
static inline int pp_zk_state_auth_failed(void) { return ZOO_AUTH_FAILED_STATE; }
static inline int pp_zk_event_created(void) { return ZOO_CREATED_EVENT; }
static inline int pp_zk_event_deleted(void) { return ZOO_DELETED_EVENT; }
static inline int pp_zk_event_changed(void) { return ZOO_CHANGED_EVENT; }
static inline int pp_zk_event_child(void) { return ZOO_CHILD_EVENT; }
static inline int pp_zk_event_session(void) { return ZOO_SESSION_EVENT; }
// The C client logs every failed connection attempt (dozens a second); the wrapper reports
// failures itself, with the operation and path, so its own log goes nowhere.
static inline void pp_zk_quiet(void) {
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  FILE *devnull = fopen("/dev/null", "w");
  if (devnull) zoo_set_log_stream(devnull);
}
#endif
