<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>QObject</name>
    <message>
        <source>Training mode could not start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The merchant profile could not be read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The merchant keys could not be loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The store database could not be opened</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SecretMover</name>
    <message>
        <source>There is no OS keychain here: the keys will be kept in the encrypted file
%1

Choose a passphrase (at least 8 characters). Keep it safe: PayDesk asks for it at every start, and without it the keys must be imported again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The merchant keys are kept in the encrypted file
%1

Enter the passphrase chosen at installation:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passphrase of the secrets file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type the same passphrase again:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No passphrase was given for %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The two passphrases were not the same.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The keys were not moved into the secret store, and nothing was saved: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The merchant profile could not be saved: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::ChargeView</name>
    <message>
        <source>C</source>
        <comment>keypad: clear the amount</comment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What is sold, shown in the customer's WeChat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Items (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Price ¥</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add item</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Combined order…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Charging…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Charge</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The amount is the total of the items. Remove the items to type an amount.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the item's name, then its price.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Price of "%1": %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The description contains an emoji or a symbol WeChat Pay does not accept: remove it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The description is too long for WeChat Pay: at most %1 letters or %2 Chinese characters.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>That is not a WeChat payment code. Ask the customer to open the payment code in WeChat (Me &gt; Services &gt; Money) and scan it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the amount first, then scan the customer's payment code.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::CodePayDialog</name>
    <message>
        <source>Cancelling: reversing the payment with WeChat Pay…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sending the payment to WeChat Pay…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No answer from WeChat Pay yet; checking whether the customer paid…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The customer is entering the password in WeChat…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid. Thank you!</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reversed: the payment went back to the customer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reversed: the customer has not been charged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not paid: the customer has not been charged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not paid: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The payment failed; the customer has not been charged. Scan a new payment code to try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payment code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel (reverse)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::CombinedSaleDialog</name>
    <message>
        <source>This merchant profile has fewer than two sub-merchants, so no combined order can be made. Add sub-merchants in the settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A combined order can have at most %1 sub-orders.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Total %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A combined order needs at least %1 sub-orders; for one merchant, use a normal charge.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order %1: choose a sub-merchant.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-orders %1 and %2 are both for %3. Each sub-merchant can appear once: put its amounts together in one row.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order %1: enter a description (the customer sees it in WeChat).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order %1: the description contains an emoji or a symbol WeChat Pay does not accept: remove it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order %1: the description is too long for WeChat Pay (at most %2 letters or %3 Chinese characters).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The total is %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Combined order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One QR code for several merchants: choose each sub-merchant, its amount and a description. The customer pays all of them at once.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-merchant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>0.00</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What is sold</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove this sub-order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add sub-order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Charge</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::CustomerPanel</name>
    <message>
        <source>Done.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scan the QR code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter password slowly</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payment fails</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Walk away</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What the pretend customer last did</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Charge an amount: the customer acts on the QR code on screen.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::DifferenceModel</name>
    <message>
        <source>Only in WeChat Pay's bill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only in this store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount differs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State differs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund differs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done: confirmed by WeChat Pay and recorded in the store.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid at WeChat Pay but unknown here: check the sale with the cashier; run the reconciliation again to import it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not in WeChat Pay's bill: look the order up; if WeChat Pay does not know it, the customer did not pay.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay's amount is what was charged: refund or charge the difference and tell support.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay says paid: press Resolve so the store asks WeChat Pay and records the payment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Press Resolve to follow open refunds; a refund made on the merchant platform must be recorded by a manager.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order no.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund no.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In the bill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In the store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Bill state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Store state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::FirstRunWizard</name>
    <message>
        <source>Welcome to PayDesk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How do you want to start?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You can change this later in the settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Try it in training mode</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PayDesk runs with a built-in WeChat Pay sandbox: ring up sales, let a pretend customer pay, refund and print receipts. No merchant account is needed and no real money moves.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect a real merchant account</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You need the merchant ID, the App ID, the API certificate and private key (apiclient_cert.pem, apiclient_key.pem) and the APIv3 key from the WeChat Pay merchant platform.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The name appears on receipts and on the customer display.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Store name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. Harbour Noodle House</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant account</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import the files from the merchant platform. Each one is checked at once; "Test connection" makes a real signed call to WeChat Pay.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manager PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunds, reports and settings ask for the manager PIN. Use 4 to 8 digits and keep it to yourself.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Repeat manager PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Optional: a cashier PIN to unlock the till. Leave empty for none.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Repeat cashier PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the store's name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fix these first: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The manager PIN must have 4 to 8 digits.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The two manager PINs are not the same.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The cashier PIN must have 4 to 8 digits, or leave it empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The two cashier PINs are not the same.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The cashier PIN must differ from the manager PIN.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::HistoryModel</name>
    <message>
        <source>Not sent yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partially refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (combined sale)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training sale: no money was moved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay transaction %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::HistoryView</name>
    <message>
        <source>Searching every day for order or transaction number %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter amounts in yuan, for example 12.34.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The lowest amount is above the highest: swap them or clear one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No sales match.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 order, %1 paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 orders, %2 paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1, %2 refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;To</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Any state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Amount ¥</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order / transaction &amp;number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scan or type an order number or WeChat Pay transaction ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Adding up...</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::MainWindow</name>
    <message>
        <source>Sale %1 (%2) was reversed: the customer got the money back.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sale %1 (%2) was paid while PayDesk was down and is recorded as paid.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sales settled after the restart</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PayDesk — TRAINING</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PayDesk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>TRAINING MODE — no real money moves. Manager PIN for training: 0000</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F1 Charge</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F2 History</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F9 Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Customer (training)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sale in progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finish or cancel the sale on screen before closing PayDesk.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Combined order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A combined order needs at least two sub-merchants in the merchant profile.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sale was not started</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F4 Reconcile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F5 Reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F3 Refund</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::MerchantProfileForm</name>
    <message>
        <source>This is the training merchant of the built-in WeChat Pay sandbox. It cannot be edited; no real money moves in training mode.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant ID (mchid)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>App ID (appid)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant private key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant certificate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>APIv3 key file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Platform certificates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay public key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Public key ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Notify URL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Terminal ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-merchants</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>a file holding the 32-character APIv3 key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>optional: downloaded on first connection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>optional: pub_key.pem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One per line: merchant ID, then name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the merchant ID (the 10-digit number from the merchant platform).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The merchant ID has digits only.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the App ID bound to this merchant (wx...).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant %1, App ID %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import the merchant private key (apiclient_key.pem).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>RSA %1-bit private key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not a usable private key: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import the merchant certificate (apiclient_cert.pem).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Certificate %1 is not valid now (valid %2 to %3): apply for a new API certificate in the merchant platform.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Certificate %1, valid until %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not a usable certificate: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The private key belongs to this certificate.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The private key does not belong to certificate %1: import the key that was issued together with this certificate.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import a file holding the 32-character APIv3 key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>APIv3 key: 32 characters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The APIv3 key has %1 characters; it must have exactly 32. Copy it again from the merchant platform (Account &gt; API security).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not a usable APIv3 key: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n platform certificate(s)</source>
        <translation>
            <numerusform>%n platform certificate</numerusform><numerusform>%n platform certificates</numerusform></translation>
    </message>
    <message>
        <source>WeChat Pay public key %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No platform certificate yet: it is downloaded on the first connection.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the notify URL WeChat Pay sends payment results to.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notify URL is not an http(s) address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay only calls https addresses without a query string (?...).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This terminal's clock is %1 s off: set the system time.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay accepted the request but has no platform certificates for this merchant: import the WeChat Pay public key and its ID.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connected. WeChat Pay accepted the signed request (public key %1).</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Connected. WeChat Pay accepted the signed request and sent %n platform certificate(s).</source>
        <translation>
            <numerusform>Connected. WeChat Pay accepted the signed request and sent %n platform certificate.</numerusform><numerusform>Connected. WeChat Pay accepted the signed request and sent %n platform certificates.</numerusform></translation>
    </message>
    <message>
        <source>Keep the keys in the OS keychain (an encrypted file where there is none), not in files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On saving, the merchant private key, the APIv3 key and the receipt signing key are moved into the keychain, and PayDesk's copies of the key files are deleted.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kept in the secret store as %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::OrderDetailsDialog</name>
    <message>
        <source>Order details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requested</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Abnormal: needs the merchant platform</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order %1 is not in this terminal's store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1  ·  %2  ·  %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training sale: no money was moved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-orders (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunds (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit trail (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Up to %1 can still be refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing left to refund on this sale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QR code sale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Combined sale: %1 sub-orders</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payment code sale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid by customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Still refundable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Transaction ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid at</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last change</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Yes: no money was moved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requested by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded at</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QR code issued</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed before sending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Result refused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund requested</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund state changed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentDialog</name>
    <message>
        <source>QR code valid for %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay — %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preparing the QR code…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QR shown on the customer display</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Print QR on slip</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay not reachable, still trying</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the customer to scan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The customer is paying…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The QR code has expired; closing the order…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This order is not in the store.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payment failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payment received</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Transaction ID: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Print receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The customer's payment did not go through and nothing was charged. A new QR code starts a new order for the same amount.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QR code expired</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The order is closed and nothing was charged. A new QR code starts a new order for the same amount.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The order is closed at WeChat Pay and nothing was charged. A new QR code starts a new order for the same amount.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New QR code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The slip could not be printed: check the printer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scan with WeChat to pay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Valid until %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order No. %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::PinDialog</name>
    <message>
        <source>PIN required</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manager PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>Wrong PIN. %n attempt left.</numerusform><numerusform>Wrong PIN. %n attempts left.</numerusform></translation>
    </message>
    <message>
        <source>No PIN is set for this role.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Too many wrong PINs. Locked for %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manager PIN (shared)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cashier PIN (shared)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::ReceiptDesk</name>
    <message>
        <source>Receipt printed (%1 bytes sent to the printer).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The receipt printer did not take the receipt: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund %1 is not in this store's records.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No receipt for %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot print to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PDF receipts (*.pdf)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Signed receipt saved as %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::ReconciliationView</name>
    <message>
        <source>The reconciliation could not run: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Downloading WeChat Pay's bill…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confirming payments missing here with WeChat Pay…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Comparing the bill with the store…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a day and press Run. WeChat Pay's bill for a day is ready from 10:00 the next day.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1: everything matches. %n payment(s) and their refunds agree with WeChat Pay's bill.</source>
        <translation>
            <numerusform>%1: everything matches. %n payment and their refunds agree with WeChat Pay's bill.</numerusform><numerusform>%1: everything matches. %n payments and their refunds agree with WeChat Pay's bill.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n difference(s) to look at.</source>
        <translation>
            <numerusform>%1: %n difference to look at.</numerusform><numerusform>%1: %n differences to look at.</numerusform></translation>
    </message>
    <message>
        <source>Bill: %1 paid, %2 refunded. Store: %3 paid, %4 refunded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the differences</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reconciliation with WeChat Pay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%p%</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>The bill's refunds include %n reversed code-pay sale(s), %1 in all, which the store has as reversed.</source>
        <translation>
            <numerusform>The bill's refunds include %n reversed code-pay sale, %1 in all, which the store has as reversed.</numerusform><numerusform>The bill's refunds include %n reversed code-pay sales, %1 in all, which the store has as reversed.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Other terminals of this merchant: %n sale(s), %1; %2 refund(s), %3 (their own to reconcile, not counted here).</source>
        <translation>
            <numerusform>Other terminals of this merchant: %n sale, %1; %2 refund(s), %3 (their own to reconcile, not counted here).</numerusform><numerusform>Other terminals of this merchant: %n sales, %1; %2 refund(s), %3 (their own to reconcile, not counted here).</numerusform></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund to the customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Already refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Full remainder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Part of it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shown to the customer, e.g. "Returned goods"</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Print refund receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · %2 · %3 · refundable %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · %2 · refunded by that merchant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refundable (this sub-order)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refundable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order %1 is not in this till's records.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (customer paid %2 after discounts)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2 on the way)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This order was not paid, so there is nothing to refund.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This sub-order belongs to %1: that merchant refunds it from its own WeChat Pay account.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Everything paid for this order has been refunded or is being refunded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At most %1 can be refunded: that is what is left of this payment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter a reason: WeChat Pay shows it to the customer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The reason may have at most %1 characters.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund %1 for order %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not refunded: the manager PIN was not confirmed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The refund was not stored: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund number: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The money went back to the customer's WeChat Pay (their balance or the bank card they paid with). It usually shows there within minutes; a bank card can take a few working days.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund closed: no money moved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay closed this refund without paying it out. The amount can be refunded again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund held: the customer's account could not take the money</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay accepted the refund, but the customer's bank card or account could not receive it (for example, the card was cancelled). The money is held, not lost. Ask the customer to contact WeChat Pay support, or send it to them another way from the WeChat Pay merchant platform. The refund stays in the list of unresolved refunds until it is settled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund refused: no money moved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay did not accept the refund (%1). Nothing was paid out; the amount can be refunded again once the cause is fixed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunding %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WeChat Pay accepted the refund and is paying it out. This usually takes seconds, sometimes minutes. You may close this window: PayDesk keeps following the refund.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sending the refund to WeChat Pay… It is already recorded, so closing this window loses nothing.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::ReportView</name>
    <message>
        <source>The day cannot be closed while payments or refunds are not final. Press Resolve now, then close the day.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This day is already closed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The day is closed. Sales from now on are in the business day %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close the day %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close the day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close %1? The Z report is recorded and the day cannot be closed again.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Asking WeChat Pay about %n open payment(s) or refund(s)…</source>
        <translation>
            <numerusform>Asking WeChat Pay about %n open payment or refund…</numerusform><numerusform>Asking WeChat Pay about %n open payments or refunds…</numerusform></translation>
    </message>
    <message>
        <source>Payments</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>X report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Z report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Day %1 (China time), printed %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Per merchant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Per cashier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Not final: %n payment(s) or refund(s) must be resolved before the day can close</source>
        <translation>
            <numerusform>Not final: %n payment or refund must be resolved before the day can close</numerusform><numerusform>Not final: %n payments or refunds must be resolved before the day can close</numerusform></translation>
    </message>
    <message>
        <source>Order %1: %2, %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund %1: %2, %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Day closed %1 by %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cannot write %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;X report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Z report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Close the day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Resolve now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::SettingsDialog</name>
    <message>
        <source>Backup folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merchant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect a real merchant account...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Profile file: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The profile file %1 could not be read: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Store name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Printed on receipts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QR code valid for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Customer display</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Receipt printer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>None (PDF only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Receipts are always kept as signed PDF files as well.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No printer is installed; receipts are kept as signed PDF files.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Receive payment notifications from WeChat Pay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listen on address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notify URL of the merchant profile must reach this address and port (usually through an HTTPS proxy). Without notifications PayDesk still learns every result by querying.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Backups to keep</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1" is not an IP address: use 0.0.0.0 for every network or 127.0.0.1 for this computer only.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The merchant profile was not saved: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Moving the keys into the secret store...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The keys are now kept in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete the key files you imported from: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listener, backups &amp;&amp; logs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log detail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Warnings and errors only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Normal (sales, refunds, connections)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Everything (for support; keys and payer ids are never written)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log files: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::TerminalStatusBar</name>
    <message>
        <source>● WeChat Pay reachable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● WeChat Pay NOT reachable — sales are kept and settled later</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● WeChat Pay: not contacted yet</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Clock is %n second(s) off WeChat Pay: fix the time (signatures fail past 5 minutes)</source>
        <translation>
            <numerusform>Clock is %n second off WeChat Pay: fix the time (signatures fail past 5 minutes)</numerusform><numerusform>Clock is %n seconds off WeChat Pay: fix the time (signatures fail past 5 minutes)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) being settled</source>
        <translation>
            <numerusform>%n order being settled</numerusform><numerusform>%n orders being settled</numerusform></translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::ui::TrainingEnvironment</name>
    <message>
        <source>The training customer could not do that.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>