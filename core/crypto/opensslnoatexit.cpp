// SPDX-License-Identifier: MIT
// Every program that links paydesk_core (the cashier, paydesk-cli,
// paydesk-sandbox, the tests) initialises OpenSSL without its atexit cleanup,
// before main() runs. core/crypto/CMakeLists.txt links this file into each of
// them directly: nothing refers to it, so as a member of the static library it
// would be dropped.
//
// Why: PayDesk runs OpenSSL on Qt worker threads (a PIN or the secrets file's
// passphrase is hashed off the GUI thread). OpenSSL keeps each thread's state
// (its error queue, 904 bytes) under a pthread key and frees it from the key's
// destructor when the thread exits. ~QCoreApplication joins the thread pool,
// but QThread::wait() returns as soon as a thread has signalled "finished",
// before glibc runs that thread's key destructors; the main thread meanwhile
// reaches exit(), where OPENSSL_cleanup() (OpenSSL's atexit handler) deletes
// the keys and frees OpenSSL's globals under the still-exiting worker. The
// worker's state is then lost (LeakSanitizer: "Direct leak of 904 byte(s) ...
// in CRYPTO_zalloc", now and then), and a worker still inside OpenSSL races
// the teardown. OpenSSL's atexit cleanup requires every thread to have stopped
// (openssl/openssl#6214), which a Qt program cannot promise. Without it the
// key destructors always run, and what OpenSSL keeps globally is left to the
// operating system at exit, still reachable (no leak report).

#include <openssl/crypto.h>

namespace {

// Only the first initialisation of the process decides about the atexit
// handler: a static initialiser runs before main(), before Qt or PayDesk use
// OpenSSL (libcrypto's own constructors have run by then).
[[maybe_unused]] const bool g_openSslWithoutAtexit = OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1;

} // namespace
