#ifndef PORPOISE_CZOOKEEPER_SHIM_H
#define PORPOISE_CZOOKEEPER_SHIM_H
// The synchronous API is declared only for the multi-threaded library.
#define THREADED 1
#include <zookeeper/zookeeper.h>

// Swift 6 rejects mutable C globals; these accessors are the only way the wrapper reaches them.
static inline struct ACL_vector *pp_zk_open_acl_unsafe(void) { return &ZOO_OPEN_ACL_UNSAFE; }
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
