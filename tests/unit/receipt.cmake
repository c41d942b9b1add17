# Electronic receipts (core/receipt): the model from the store, the PDF (text
# extractable, signed, checked with poppler's pdftotext/pdfsig/pdftoppm), the
# PNG export, ESC/POS byte streams and sending them to a printer.
paydesk_add_qtest(NAME tst_receipt
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_receipt.cpp
    LABELS unit
    LIBS Qt6::Network
    TIMEOUT 180)
