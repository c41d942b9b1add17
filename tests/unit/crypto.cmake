# The crypto/signing layer: primitives (core/crypto) and the WeChat Pay APIv3
# signing, verification and AEAD resources built on them (core/wechatpay).
# tst_crypto needs the openssl command (known answers against the CLI).
paydesk_add_qtest(NAME tst_crypto
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_crypto.cpp
    LABELS unit)
paydesk_add_qtest(NAME tst_requestsigner
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_requestsigner.cpp
    LABELS unit)
paydesk_add_qtest(NAME tst_responseverifier
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_responseverifier.cpp
    LABELS unit)
paydesk_add_qtest(NAME tst_encryptedresource
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_encryptedresource.cpp
    LABELS unit)
# Key material wiped after use (core/crypto/secretbytes): the helper, then the
# APIv3 key, a PIN and the secrets file with a scan of the test's own memory.
paydesk_add_qtest(NAME tst_secretbytes
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_secretbytes.cpp
    LABELS unit)
