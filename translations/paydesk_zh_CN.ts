<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Training mode could not start</source>
        <translation>培训模式无法启动</translation>
    </message>
    <message>
        <source>The merchant profile could not be read</source>
        <translation>无法读取商户配置</translation>
    </message>
    <message>
        <source>The merchant keys could not be loaded</source>
        <translation>无法加载商户密钥</translation>
    </message>
    <message>
        <source>The store database could not be opened</source>
        <translation>无法打开门店数据库</translation>
    </message>
</context>
<context>
    <name>SecretMover</name>
    <message>
        <source>There is no OS keychain here: the keys will be kept in the encrypted file
%1

Choose a passphrase (at least 8 characters). Keep it safe: PayDesk asks for it at every start, and without it the keys must be imported again.</source>
        <translation>此电脑没有系统钥匙串：密钥将保存在加密文件
%1

请设置口令（至少 8 个字符）并妥善保管：PayDesk 每次启动都会询问，忘记口令就必须重新导入密钥。</translation>
    </message>
    <message>
        <source>The merchant keys are kept in the encrypted file
%1

Enter the passphrase chosen at installation:</source>
        <translation>商户密钥保存在加密文件
%1

请输入安装时设置的口令：</translation>
    </message>
    <message>
        <source>Passphrase of the secrets file</source>
        <translation>密钥文件口令</translation>
    </message>
    <message>
        <source>Type the same passphrase again:</source>
        <translation>请再次输入相同的口令：</translation>
    </message>
    <message>
        <source>No passphrase was given for %1</source>
        <translation>未提供 %1 的口令</translation>
    </message>
    <message>
        <source>The two passphrases were not the same.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>The keys were not moved into the secret store, and nothing was saved: %1</source>
        <translation>密钥未能移入密钥库，未保存任何内容：%1</translation>
    </message>
    <message>
        <source>The merchant profile could not be saved: %1</source>
        <translation>无法保存商户配置：%1</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::CancelQuestion</name>
    <message>
        <source>Cancel the sale?</source>
        <translation>要取消这笔交易吗？</translation>
    </message>
    <message>
        <source>The customer is already paying. Cancel the sale anyway?</source>
        <translation>顾客正在支付。仍要取消这笔交易吗？</translation>
    </message>
    <message>
        <source>Cancel the sale</source>
        <translation>取消交易</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>继续等待</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ChargeView</name>
    <message>
        <source>C</source>
        <comment>keypad: clear the amount</comment>
        <translation>清除</translation>
    </message>
    <message>
        <source>Description (optional)</source>
        <translation>商品描述（可选）</translation>
    </message>
    <message>
        <source>What is sold, shown in the customer&apos;s WeChat</source>
        <translation>所售商品，会显示在顾客的微信账单中</translation>
    </message>
    <message>
        <source>Items (optional)</source>
        <translation>商品明细（可选）</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Price ¥</source>
        <translation>价格 ¥</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Combined order…</source>
        <translation>合单收款…</translation>
    </message>
    <message>
        <source>Charging…</source>
        <translation>收款中…</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>The amount is the total of the items. Remove the items to type an amount.</source>
        <translation>金额为商品合计。如需直接输入金额，请先删除商品。</translation>
    </message>
    <message>
        <source>Enter the item&apos;s name, then its price.</source>
        <translation>请先输入商品名称，再输入价格。</translation>
    </message>
    <message>
        <source>Price of &quot;%1&quot;: %2</source>
        <translation>“%1”的价格：%2</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>The description contains an emoji or a symbol WeChat Pay does not accept: remove it.</source>
        <translation>商品描述中含有表情或微信支付不支持的符号，请删除。</translation>
    </message>
    <message>
        <source>The description is too long for WeChat Pay: at most %1 letters or %2 Chinese characters.</source>
        <translation>商品描述过长，微信支付最多接受 %1 个英文字符或 %2 个汉字。</translation>
    </message>
    <message>
        <source>That is not a WeChat payment code. Ask the customer to open the payment code in WeChat (Me &gt; Services &gt; Money) and scan it again.</source>
        <translation>这不是微信付款码。请顾客在微信中打开付款码（我 &gt; 服务 &gt; 钱包/收付款）后重新扫码。</translation>
    </message>
    <message>
        <source>Enter the amount first, then scan the customer&apos;s payment code.</source>
        <translation>请先输入金额，再扫顾客的付款码。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::CodePayDialog</name>
    <message>
        <source>Cancelling: reversing the payment with WeChat Pay…</source>
        <translation>正在取消：向微信支付撤销这笔交易…</translation>
    </message>
    <message>
        <source>Sending the payment to WeChat Pay…</source>
        <translation>正在向微信支付发起收款…</translation>
    </message>
    <message>
        <source>No answer from WeChat Pay yet; checking whether the customer paid…</source>
        <translation>微信支付暂未应答，正在查询顾客是否已付款…</translation>
    </message>
    <message>
        <source>The customer is entering the password in WeChat…</source>
        <translation>顾客正在微信中输入支付密码…</translation>
    </message>
    <message>
        <source>Paid. Thank you!</source>
        <translation>收款成功，谢谢惠顾！</translation>
    </message>
    <message>
        <source>Reversed: the payment went back to the customer.</source>
        <translation>已撤销：款项已原路退回顾客。</translation>
    </message>
    <message>
        <source>Refunded.</source>
        <translation>已退款。</translation>
    </message>
    <message>
        <source>Reversed: the customer has not been charged.</source>
        <translation>已撤销：顾客未被扣款。</translation>
    </message>
    <message>
        <source>Not paid: the customer has not been charged.</source>
        <translation>未支付：顾客未被扣款。</translation>
    </message>
    <message>
        <source>Not paid: %1</source>
        <translation>未支付：%1</translation>
    </message>
    <message>
        <source>The payment failed; the customer has not been charged. Scan a new payment code to try again.</source>
        <translation>支付失败，顾客未被扣款。请扫描新的付款码重试。</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>付款码收款</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在撤销…</translation>
    </message>
    <message>
        <source>Cancel (reverse)</source>
        <translation>取消（撤销交易）</translation>
    </message>
    <message>
        <source>The payment is reversed: the customer is not charged, or gets the money back.</source>
        <translation>这笔付款将被撤销：顾客不会被扣款，已扣的款项会退回。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Transaction ID: %1</source>
        <translation>微信支付单号：%1</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印小票</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::CombinedSaleDialog</name>
    <message>
        <source>This merchant profile has fewer than two sub-merchants, so no combined order can be made. Add sub-merchants in the settings.</source>
        <translation>当前商户配置中的子商户少于两个，无法合单收款。请在设置中添加子商户。</translation>
    </message>
    <message>
        <source>A combined order can have at most %1 sub-orders.</source>
        <translation>合单最多包含 %1 个子单。</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <source>A combined order needs at least %1 sub-orders; for one merchant, use a normal charge.</source>
        <translation>合单至少需要 %1 个子单；只有一个商户时，请使用普通收款。</translation>
    </message>
    <message>
        <source>Sub-order %1: choose a sub-merchant.</source>
        <translation>子单 %1：请选择子商户。</translation>
    </message>
    <message>
        <source>Sub-orders %1 and %2 are both for %3. Each sub-merchant can appear once: put its amounts together in one row.</source>
        <translation>子单 %1 和子单 %2 都属于“%3”。每个子商户只能出现一次，请将金额合并到同一行。</translation>
    </message>
    <message>
        <source>Sub-order %1: %2</source>
        <translation>子单 %1：%2</translation>
    </message>
    <message>
        <source>Sub-order %1: enter a description (the customer sees it in WeChat).</source>
        <translation>子单 %1：请填写商品描述（顾客会在微信中看到）。</translation>
    </message>
    <message>
        <source>Sub-order %1: the description contains an emoji or a symbol WeChat Pay does not accept: remove it.</source>
        <translation>子单 %1：商品描述中含有表情或微信支付不支持的符号，请删除。</translation>
    </message>
    <message>
        <source>Sub-order %1: the description is too long for WeChat Pay (at most %2 letters or %3 Chinese characters).</source>
        <translation>子单 %1：商品描述过长（微信支付最多接受 %2 个英文字符或 %3 个汉字）。</translation>
    </message>
    <message>
        <source>The total is %1: %2</source>
        <translation>合计为 %1：%2</translation>
    </message>
    <message>
        <source>Combined order</source>
        <translation>合单收款</translation>
    </message>
    <message>
        <source>One QR code for several merchants: choose each sub-merchant, its amount and a description. The customer pays all of them at once.</source>
        <translation>一个二维码向多个商户收款：为每个子单选择子商户，填写金额和商品描述。顾客一次付清全部子单。</translation>
    </message>
    <message>
        <source>Sub-merchant</source>
        <translation>子商户</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（¥）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <source>0.00</source>
        <translation>0.00</translation>
    </message>
    <message>
        <source>What is sold</source>
        <translation>所售商品</translation>
    </message>
    <message>
        <source>Remove this sub-order</source>
        <translation>删除此子单</translation>
    </message>
    <message>
        <source>Add sub-order</source>
        <translation>添加子单</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::CustomerPanel</name>
    <message>
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Training customer</source>
        <translation>培训用顾客</translation>
    </message>
    <message>
        <source>Scan the QR code</source>
        <translation>扫描二维码</translation>
    </message>
    <message>
        <source>Enter password slowly</source>
        <translation>慢慢输入密码</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Payment fails</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Walk away</source>
        <translation>顾客离开</translation>
    </message>
    <message>
        <source>What the pretend customer last did</source>
        <translation>模拟顾客最近的操作</translation>
    </message>
    <message>
        <source>Charge an amount: the customer acts on the QR code on screen.</source>
        <translation>先输入金额收款：模拟顾客会对屏幕上的二维码操作。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DifferenceModel</name>
    <message>
        <source>Only in WeChat Pay&apos;s bill</source>
        <translation>仅在微信支付账单中</translation>
    </message>
    <message>
        <source>Only in this store</source>
        <translation>仅在本店记录中</translation>
    </message>
    <message>
        <source>Amount differs</source>
        <translation>金额不一致</translation>
    </message>
    <message>
        <source>State differs</source>
        <translation>状态不一致</translation>
    </message>
    <message>
        <source>Refund differs</source>
        <translation>退款不一致</translation>
    </message>
    <message>
        <source>Done: confirmed by WeChat Pay and recorded in the store.</source>
        <translation>已处理：微信支付已确认，并已记入本店账目。</translation>
    </message>
    <message>
        <source>Paid at WeChat Pay but unknown here: check the sale with the cashier; run the reconciliation again to import it.</source>
        <translation>微信支付已收款，但本店没有这笔订单：请与收银员核对该笔交易；再次对账即可导入。</translation>
    </message>
    <message>
        <source>Not in WeChat Pay&apos;s bill: look the order up; if WeChat Pay does not know it, the customer did not pay.</source>
        <translation>微信支付账单中没有这笔：请查询该订单；若微信支付查无此单，说明顾客并未付款。</translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s amount is what was charged: refund or charge the difference and tell support.</source>
        <translation>以微信支付的金额为实收金额：请退还或补收差额，并告知技术支持。</translation>
    </message>
    <message>
        <source>WeChat Pay says paid: press Resolve so the store asks WeChat Pay and records the payment.</source>
        <translation>微信支付显示已付款：请点“处理”，由系统向微信支付查询并记入这笔收款。</translation>
    </message>
    <message>
        <source>Press Resolve to follow open refunds; a refund made on the merchant platform must be recorded by a manager.</source>
        <translation>请点“处理”跟进未完成的退款；在商户平台上发起的退款须由店长登记。</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Refund no.</source>
        <translation>退款单号</translation>
    </message>
    <message>
        <source>In the bill</source>
        <translation>账单金额</translation>
    </message>
    <message>
        <source>In the store</source>
        <translation>本店金额</translation>
    </message>
    <message>
        <source>Bill state</source>
        <translation>账单状态</translation>
    </message>
    <message>
        <source>Store state</source>
        <translation>本店状态</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理建议</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::FirstRunWizard</name>
    <message>
        <source>Welcome to PayDesk</source>
        <translation>欢迎使用 PayDesk</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>How do you want to start?</source>
        <translation>您想如何开始？</translation>
    </message>
    <message>
        <source>You can change this later in the settings.</source>
        <translation>之后可以在设置中更改。</translation>
    </message>
    <message>
        <source>Try it in training mode</source>
        <translation>先用练习模式试一试</translation>
    </message>
    <message>
        <source>PayDesk runs with a built-in WeChat Pay sandbox: ring up sales, let a pretend customer pay, refund and print receipts. No merchant account is needed and no real money moves.</source>
        <translation>PayDesk 使用内置的微信支付沙箱运行：可以收款、模拟顾客付款、退款和打印小票。无需商户账户，也不会产生真实资金往来。</translation>
    </message>
    <message>
        <source>Connect a real merchant account</source>
        <translation>接入真实商户账户</translation>
    </message>
    <message>
        <source>You need the merchant ID, the App ID, the API certificate and private key (apiclient_cert.pem, apiclient_key.pem) and the APIv3 key from the WeChat Pay merchant platform.</source>
        <translation>需要准备微信支付商户平台上的商户号、AppID、API 证书和私钥（apiclient_cert.pem、apiclient_key.pem）以及 APIv3 密钥。</translation>
    </message>
    <message>
        <source>Your store</source>
        <translation>您的门店</translation>
    </message>
    <message>
        <source>The name appears on receipts and on the customer display.</source>
        <translation>门店名称会显示在小票和顾客显示屏上。</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>门店名称</translation>
    </message>
    <message>
        <source>e.g. Harbour Noodle House</source>
        <translation>例如：港湾面馆</translation>
    </message>
    <message>
        <source>Merchant account</source>
        <translation>商户账户</translation>
    </message>
    <message>
        <source>Import the files from the merchant platform. Each one is checked at once; &quot;Test connection&quot; makes a real signed call to WeChat Pay.</source>
        <translation>请导入商户平台提供的文件，每个文件都会立即校验；“测试连接”会向微信支付发起一次真实的签名请求。</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>店长 PIN 码</translation>
    </message>
    <message>
        <source>Refunds, reports and settings ask for the manager PIN. Use 4 to 8 digits and keep it to yourself.</source>
        <translation>退款、报表和设置都需要店长 PIN 码。请使用 4 到 8 位数字，并妥善保管。</translation>
    </message>
    <message>
        <source>Repeat manager PIN</source>
        <translation>再次输入店长 PIN 码</translation>
    </message>
    <message>
        <source>Optional: a cashier PIN to unlock the till. Leave empty for none.</source>
        <translation>可选：收银员解锁收银台用的 PIN 码。留空表示不设置。</translation>
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation>收银员 PIN 码</translation>
    </message>
    <message>
        <source>Repeat cashier PIN</source>
        <translation>再次输入收银员 PIN 码</translation>
    </message>
    <message>
        <source>Enter the store&apos;s name.</source>
        <translation>请输入门店名称。</translation>
    </message>
    <message>
        <source>Fix these first: %1</source>
        <translation>请先修正以下问题：%1</translation>
    </message>
    <message>
        <source>The manager PIN must have 4 to 8 digits.</source>
        <translation>店长 PIN 码必须是 4 到 8 位数字。</translation>
    </message>
    <message>
        <source>The two manager PINs are not the same.</source>
        <translation>两次输入的店长 PIN 码不一致。</translation>
    </message>
    <message>
        <source>The cashier PIN must have 4 to 8 digits, or leave it empty.</source>
        <translation>收银员 PIN 码必须是 4 到 8 位数字，或者留空。</translation>
    </message>
    <message>
        <source>The two cashier PINs are not the same.</source>
        <translation>两次输入的收银员 PIN 码不一致。</translation>
    </message>
    <message>
        <source>The cashier PIN must differ from the manager PIN.</source>
        <translation>收银员 PIN 码不能与店长 PIN 码相同。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::HistoryModel</name>
    <message>
        <source>Not sent yet</source>
        <translation>待下单</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>%1 (combined sale)</source>
        <translation>%1（合单）</translation>
    </message>
    <message>
        <source>%1 · training</source>
        <translation>%1 · 培训</translation>
    </message>
    <message>
        <source>Training sale: no money was moved</source>
        <translation>培训订单：未发生实际扣款</translation>
    </message>
    <message>
        <source>WeChat Pay transaction %1</source>
        <translation>微信支付单号 %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::HistoryView</name>
    <message>
        <source>Searching every day for order or transaction number %1.</source>
        <translation>正在按单号 %1 查询全部日期的订单。</translation>
    </message>
    <message>
        <source>Enter amounts in yuan, for example 12.34.</source>
        <translation>请按元输入金额，例如 12.34。</translation>
    </message>
    <message>
        <source>The lowest amount is above the highest: swap them or clear one.</source>
        <translation>最低金额高于最高金额：请对调或清除其中一个。</translation>
    </message>
    <message>
        <source>No sales match.</source>
        <translation>没有符合条件的订单。</translation>
    </message>
    <message>
        <source>1 order, %1 paid</source>
        <translation>共 1 笔订单，已收款 %1</translation>
    </message>
    <message>
        <source>%1 orders, %2 paid</source>
        <translation>共 %1 笔订单，已收款 %2</translation>
    </message>
    <message>
        <source>%1, %2 refunded</source>
        <translation>%1，已退款 %2</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;State</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>&amp;Amount ¥</source>
        <translation>金额 ¥(&amp;A)</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最低</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最高</translation>
    </message>
    <message>
        <source>Order / transaction &amp;number</source>
        <translation>订单号 / 微信支付单号(&amp;N)</translation>
    </message>
    <message>
        <source>Scan or type an order number or WeChat Pay transaction ID</source>
        <translation>扫描或输入订单号、微信支付单号</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打小票</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Adding up...</source>
        <translation>正在合计……</translation>
    </message>
    <message>
        <source>Up to %1 can still be refunded</source>
        <translation>最多还可退 %1</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::MainWindow</name>
    <message>
        <source>Sale %1 (%2) was reversed: the customer got the money back.</source>
        <translation>交易 %1（%2）已撤销：款项已退还给顾客。</translation>
    </message>
    <message>
        <source>Sale %1 (%2) was paid while PayDesk was down and is recorded as paid.</source>
        <translation>交易 %1（%2）在 PayDesk 停止运行期间已付款，已记为已付款。</translation>
    </message>
    <message>
        <source>Sales settled after the restart</source>
        <translation>重启后已结清的交易</translation>
    </message>
    <message>
        <source>PayDesk — TRAINING</source>
        <translation>PayDesk 收银台 — 培训模式</translation>
    </message>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk 收银台</translation>
    </message>
    <message>
        <source>TRAINING MODE — no real money moves. Manager PIN for training: 0000</source>
        <translation>培训模式 — 不涉及真实资金。培训用店长密码：0000</translation>
    </message>
    <message>
        <source>F1 Charge</source>
        <translation>F1 收款</translation>
    </message>
    <message>
        <source>F2 History</source>
        <translation>F2 交易记录</translation>
    </message>
    <message>
        <source>F9 Settings</source>
        <translation>F9 设置</translation>
    </message>
    <message>
        <source>Customer (training)</source>
        <translation>顾客（培训）</translation>
    </message>
    <message>
        <source>Sale in progress</source>
        <translation>交易进行中</translation>
    </message>
    <message>
        <source>Finish or cancel the sale on screen before closing PayDesk.</source>
        <translation>请先完成或取消屏幕上的交易，再关闭 PayDesk。</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Combined order</source>
        <translation>合单收款</translation>
    </message>
    <message>
        <source>A combined order needs at least two sub-merchants in the merchant profile.</source>
        <translation>合单支付需要商户配置中至少有两个子商户。</translation>
    </message>
    <message>
        <source>The sale was not started</source>
        <translation>交易未能发起</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>F4 Reconcile</source>
        <translation>F4 对账</translation>
    </message>
    <message>
        <source>F5 Reports</source>
        <translation>F5 报表</translation>
    </message>
    <message>
        <source>F3 Refund</source>
        <translation>F3 退款</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::MerchantProfileForm</name>
    <message>
        <source>This is the training merchant of the built-in WeChat Pay sandbox. It cannot be edited; no real money moves in training mode.</source>
        <translation>这是内置微信支付沙箱的练习商户，不能修改；练习模式下不会产生真实资金往来。</translation>
    </message>
    <message>
        <source>Merchant ID (mchid)</source>
        <translation>商户号 (mchid)</translation>
    </message>
    <message>
        <source>App ID (appid)</source>
        <translation>AppID (appid)</translation>
    </message>
    <message>
        <source>WeChat Pay address</source>
        <translation>微信支付接口地址</translation>
    </message>
    <message>
        <source>Merchant private key</source>
        <translation>商户 API 私钥</translation>
    </message>
    <message>
        <source>Merchant certificate</source>
        <translation>商户 API 证书</translation>
    </message>
    <message>
        <source>APIv3 key file</source>
        <translation>APIv3 密钥文件</translation>
    </message>
    <message>
        <source>Platform certificates</source>
        <translation>平台证书</translation>
    </message>
    <message>
        <source>WeChat Pay public key</source>
        <translation>微信支付公钥</translation>
    </message>
    <message>
        <source>Public key ID</source>
        <translation>公钥 ID</translation>
    </message>
    <message>
        <source>Notify URL</source>
        <translation>支付结果通知地址</translation>
    </message>
    <message>
        <source>Terminal ID</source>
        <translation>终端号</translation>
    </message>
    <message>
        <source>Sub-merchants</source>
        <translation>子商户</translation>
    </message>
    <message>
        <source>a file holding the 32-character APIv3 key</source>
        <translation>存放 32 位 APIv3 密钥的文件</translation>
    </message>
    <message>
        <source>optional: downloaded on first connection</source>
        <translation>可选：首次连接时自动下载</translation>
    </message>
    <message>
        <source>optional: pub_key.pem</source>
        <translation>可选：pub_key.pem</translation>
    </message>
    <message>
        <source>One per line: merchant ID, then name</source>
        <translation>每行一个：商户号，后接名称</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入...</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Import file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Enter the merchant ID (the 10-digit number from the merchant platform).</source>
        <translation>请输入商户号（商户平台上的 10 位数字）。</translation>
    </message>
    <message>
        <source>The merchant ID has digits only.</source>
        <translation>商户号只能包含数字。</translation>
    </message>
    <message>
        <source>Enter the App ID bound to this merchant (wx...).</source>
        <translation>请输入与该商户绑定的 AppID（wx 开头）。</translation>
    </message>
    <message>
        <source>Merchant %1, App ID %2</source>
        <translation>商户号 %1，AppID %2</translation>
    </message>
    <message>
        <source>Import the merchant private key (apiclient_key.pem).</source>
        <translation>请导入商户 API 私钥（apiclient_key.pem）。</translation>
    </message>
    <message>
        <source>RSA %1-bit private key</source>
        <translation>RSA %1 位私钥</translation>
    </message>
    <message>
        <source>Not a usable private key: %1</source>
        <translation>私钥无法使用：%1</translation>
    </message>
    <message>
        <source>Import the merchant certificate (apiclient_cert.pem).</source>
        <translation>请导入商户 API 证书（apiclient_cert.pem）。</translation>
    </message>
    <message>
        <source>Certificate %1 is not valid now (valid %2 to %3): apply for a new API certificate in the merchant platform.</source>
        <translation>证书 %1 当前无效（有效期 %2 至 %3）：请在商户平台重新申请 API 证书。</translation>
    </message>
    <message>
        <source>Certificate %1, valid until %2</source>
        <translation>证书 %1，有效期至 %2</translation>
    </message>
    <message>
        <source>Not a usable certificate: %1</source>
        <translation>证书无法使用：%1</translation>
    </message>
    <message>
        <source>The private key belongs to this certificate.</source>
        <translation>私钥与该证书匹配。</translation>
    </message>
    <message>
        <source>The private key does not belong to certificate %1: import the key that was issued together with this certificate.</source>
        <translation>私钥与证书 %1 不匹配：请导入与该证书一同生成的私钥。</translation>
    </message>
    <message>
        <source>Import a file holding the 32-character APIv3 key.</source>
        <translation>请导入存放 32 位 APIv3 密钥的文件。</translation>
    </message>
    <message>
        <source>APIv3 key: 32 characters</source>
        <translation>APIv3 密钥：32 位</translation>
    </message>
    <message>
        <source>The APIv3 key has %1 characters; it must have exactly 32. Copy it again from the merchant platform (Account &gt; API security).</source>
        <translation>APIv3 密钥为 %1 位，必须正好 32 位。请从商户平台（账户中心 &gt; API 安全）重新复制。</translation>
    </message>
    <message>
        <source>Not a usable APIv3 key: %1</source>
        <translation>APIv3 密钥无法使用：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n platform certificate(s)</source>
        <translation>
            <numerusform>%n 个平台证书</numerusform>
        </translation>
    </message>
    <message>
        <source>WeChat Pay public key %1</source>
        <translation>微信支付公钥 %1</translation>
    </message>
    <message>
        <source>No platform certificate yet: it is downloaded on the first connection.</source>
        <translation>尚无平台证书：将在首次连接时下载。</translation>
    </message>
    <message>
        <source>Enter the notify URL WeChat Pay sends payment results to.</source>
        <translation>请输入微信支付发送支付结果的通知地址。</translation>
    </message>
    <message>
        <source>The notify URL is not an http(s) address.</source>
        <translation>通知地址不是 http(s) 地址。</translation>
    </message>
    <message>
        <source>WeChat Pay only calls https addresses without a query string (?...).</source>
        <translation>微信支付只回调不带查询参数（?...）的 https 地址。</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>正在连接 %1...</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <source>This terminal&apos;s clock is %1 s off: set the system time.</source>
        <translation>本机时钟偏差 %1 秒：请校准系统时间。</translation>
    </message>
    <message>
        <source>WeChat Pay accepted the request but has no platform certificates for this merchant: import the WeChat Pay public key and its ID.</source>
        <translation>微信支付已接受请求，但该商户没有平台证书：请导入微信支付公钥及其 ID。</translation>
    </message>
    <message>
        <source>Connected. WeChat Pay accepted the signed request (public key %1).</source>
        <translation>连接成功。微信支付已接受签名请求（公钥 %1）。</translation>
    </message>
    <message numerus="yes">
        <source>Connected. WeChat Pay accepted the signed request and sent %n platform certificate(s).</source>
        <translation>
            <numerusform>连接成功。微信支付已接受签名请求，并下发了 %n 个平台证书。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep the keys in the OS keychain (an encrypted file where there is none), not in files</source>
        <translation>将密钥保存在系统钥匙串中（没有钥匙串时保存在加密文件中），而不是普通文件</translation>
    </message>
    <message>
        <source>On saving, the merchant private key, the APIv3 key and the receipt signing key are moved into the keychain, and PayDesk&apos;s copies of the key files are deleted.</source>
        <translation>保存时，商户私钥、APIv3 密钥和收据签名密钥将移入钥匙串，PayDesk 保存的密钥文件副本将被删除。</translation>
    </message>
    <message>
        <source>Kept in the secret store as %1</source>
        <translation>已保存在密钥库中：%1</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::OrderDetailsDialog</name>
    <message>
        <source>Order details</source>
        <translation>订单详情</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打小票</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Order %1 is not in this terminal&apos;s store</source>
        <translation>本机没有订单 %1</translation>
    </message>
    <message>
        <source>%1  ·  %2  ·  %3</source>
        <translation>%1  ·  %2  ·  %3</translation>
    </message>
    <message>
        <source>Training sale: no money was moved.</source>
        <translation>培训订单：未发生实际扣款。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Sub-orders (%1)</source>
        <translation>子单（%1）</translation>
    </message>
    <message>
        <source>Refunds (%1)</source>
        <translation>退款（%1）</translation>
    </message>
    <message>
        <source>Audit trail (%1)</source>
        <translation>操作记录（%1）</translation>
    </message>
    <message>
        <source>Up to %1 can still be refunded</source>
        <translation>最多还可退 %1</translation>
    </message>
    <message>
        <source>Nothing left to refund on this sale</source>
        <translation>该订单已无可退金额</translation>
    </message>
    <message>
        <source>QR code sale</source>
        <translation>扫码收款</translation>
    </message>
    <message>
        <source>Combined sale: %1 sub-orders</source>
        <translation>合单：%1 笔子单</translation>
    </message>
    <message>
        <source>Sub-order of %1</source>
        <translation>合单 %1 的子单</translation>
    </message>
    <message>
        <source>Payment code sale</source>
        <translation>付款码收款</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>WeChat Pay state</source>
        <translation>微信支付状态</translation>
    </message>
    <message>
        <source>Paid by customer</source>
        <translation>用户实付</translation>
    </message>
    <message>
        <source>Still refundable</source>
        <translation>可退金额</translation>
    </message>
    <message>
        <source>Transaction ID</source>
        <translation>微信支付单号</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <source>Merchant ID</source>
        <translation>商户号</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>支付时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>失效时间</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最后更新</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Yes: no money was moved</source>
        <translation>是：未发生实际扣款</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品明细</translation>
    </message>
    <message>
        <source>Refund number</source>
        <translation>退款单号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>退款原因</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Refunded at</source>
        <translation>退款时间</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>This sale was not paid</source>
        <translation>该订单未支付</translation>
    </message>
    <message>
        <source>Another merchant refunds this from its own account</source>
        <translation>须由其他商户通过其自己的账户退款</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentDialog</name>
    <message>
        <source>QR code valid for %1</source>
        <translation>二维码有效期还剩 %1</translation>
    </message>
    <message>
        <source>WeChat Pay — %1</source>
        <translation>微信支付 — %1</translation>
    </message>
    <message>
        <source>Preparing the QR code…</source>
        <translation>正在生成二维码…</translation>
    </message>
    <message>
        <source>QR shown on the customer display</source>
        <translation>二维码已显示在顾客屏上</translation>
    </message>
    <message>
        <source>Print QR on slip</source>
        <translation>打印二维码小票</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>WeChat Pay not reachable, still trying</source>
        <translation>暂时无法连接微信支付，正在重试</translation>
    </message>
    <message>
        <source>Waiting for the customer to scan</source>
        <translation>等待顾客扫码</translation>
    </message>
    <message>
        <source>The customer is paying…</source>
        <translation>顾客正在支付…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The QR code has expired; closing the order…</source>
        <translation>二维码已过期，正在关闭订单…</translation>
    </message>
    <message>
        <source>This order is not in the store.</source>
        <translation>本地没有找到这笔订单。</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Payment received</source>
        <translation>收款成功</translation>
    </message>
    <message>
        <source>Transaction ID: %1</source>
        <translation>微信支付单号：%1</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印小票</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>The customer&apos;s payment did not go through and nothing was charged. A new QR code starts a new order for the same amount.</source>
        <translation>顾客支付未成功，未扣款。重新生成二维码将以相同金额新建一笔订单。</translation>
    </message>
    <message>
        <source>QR code expired</source>
        <translation>二维码已过期</translation>
    </message>
    <message>
        <source>The order is closed and nothing was charged. A new QR code starts a new order for the same amount.</source>
        <translation>订单已关闭，未扣款。重新生成二维码将以相同金额新建一笔订单。</translation>
    </message>
    <message>
        <source>Order closed</source>
        <translation>订单已关闭</translation>
    </message>
    <message>
        <source>The order is closed at WeChat Pay and nothing was charged. A new QR code starts a new order for the same amount.</source>
        <translation>订单已在微信支付关闭，未扣款。重新生成二维码将以相同金额新建一笔订单。</translation>
    </message>
    <message>
        <source>New QR code</source>
        <translation>重新生成二维码</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The slip could not be printed: check the printer.</source>
        <translation>小票打印失败，请检查打印机。</translation>
    </message>
    <message>
        <source>Scan with WeChat to pay</source>
        <translation>请使用微信扫码支付</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <source>Order No. %1</source>
        <translation>商户订单号 %1</translation>
    </message>
    <message>
        <source>The order is closed at WeChat Pay. If the customer&apos;s payment gets there first, the sale is shown as paid.</source>
        <translation>订单将在微信支付关闭。如果顾客的付款先到达，这笔交易将显示为已支付。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PinDialog</name>
    <message>
        <source>PIN required</source>
        <translation>需要 PIN 码</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>店长 PIN 码</translation>
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation>收银员 PIN 码</translation>
    </message>
    <message>
        <source>Enter PIN</source>
        <translation>输入 PIN 码</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>删除最后一位</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>PIN 码错误，还可尝试 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <source>No PIN is set for this role.</source>
        <translation>该角色尚未设置 PIN 码。</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>无法校验 PIN 码：%1</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Locked for %1.</source>
        <translation>错误次数过多，已锁定 %1。</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Manager PIN (shared)</source>
        <translation>店长密码（共用）</translation>
    </message>
    <message>
        <source>Cashier PIN (shared)</source>
        <translation>收银员密码（共用）</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ReceiptDesk</name>
    <message>
        <source>Receipt printed (%1 bytes sent to the printer).</source>
        <translation>小票已打印（已向打印机发送 %1 字节）。</translation>
    </message>
    <message>
        <source>The receipt printer did not take the receipt: %1</source>
        <translation>小票打印机未能接收小票：%1</translation>
    </message>
    <message>
        <source>Refund %1 is not in this store&apos;s records.</source>
        <translation>本店记录中没有退款单 %1。</translation>
    </message>
    <message>
        <source>No receipt for %1: %2</source>
        <translation>无法生成订单 %1 的小票：%2</translation>
    </message>
    <message>
        <source>Cannot print to %1: %2</source>
        <translation>无法打印到 %1：%2</translation>
    </message>
    <message>
        <source>Save the receipt</source>
        <translation>保存小票</translation>
    </message>
    <message>
        <source>PDF receipts (*.pdf)</source>
        <translation>PDF 小票 (*.pdf)</translation>
    </message>
    <message>
        <source>Signed receipt saved as %1.</source>
        <translation>已签名的小票已保存为 %1。</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Cannot save in %1 (%2): choose where to save the receipt.</source>
        <translation>无法保存到 %1（%2）：请选择小票的保存位置。</translation>
    </message>
    <message>
        <source>Receipt sent to %1.</source>
        <translation>小票已发送到 %1。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ReconciliationView</name>
    <message>
        <source>The reconciliation could not run: %1</source>
        <translation>对账未能完成：%1</translation>
    </message>
    <message>
        <source>Downloading WeChat Pay&apos;s bill…</source>
        <translation>正在下载微信支付账单…</translation>
    </message>
    <message>
        <source>Confirming payments missing here with WeChat Pay…</source>
        <translation>正在向微信支付确认本店缺少的收款…</translation>
    </message>
    <message>
        <source>Comparing the bill with the store…</source>
        <translation>正在将账单与本店记录比对…</translation>
    </message>
    <message>
        <source>Choose a day and press Run. WeChat Pay&apos;s bill for a day is ready from 10:00 the next day.</source>
        <translation>请选择日期后点“开始对账”。微信支付账单于次日 10:00 起可下载。</translation>
    </message>
    <message numerus="yes">
        <source>%1: everything matches. %n payment(s) and their refunds agree with WeChat Pay&apos;s bill.</source>
        <translation>
            <numerusform>%1：全部一致。%n 笔收款及其退款与微信支付账单相符。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n difference(s) to look at.</source>
        <translation>
            <numerusform>%1：有 %n 处差异需要处理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Bill: %1 paid, %2 refunded. Store: %3 paid, %4 refunded.</source>
        <translation>账单：收款 %1，退款 %2。本店：收款 %3，退款 %4。</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export the differences</source>
        <translation>导出差异</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Reconciliation with WeChat Pay</source>
        <translation>微信支付对账</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>开始对账(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p%</translation>
    </message>
    <message numerus="yes">
        <source>The bill&apos;s refunds include %n reversed code-pay sale(s), %1 in all, which the store has as reversed.</source>
        <translation>
            <numerusform>账单的退款中包含 %n 笔已撤销的付款码交易，共 %1，与本店记录的撤销一致。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Other terminals of this merchant: %n sale(s), %1; %2 refund(s), %3 (their own to reconcile, not counted here).</source>
        <translation>
            <numerusform>本商户其他收银台：%n 笔销售，%1；%2 笔退款，%3（由各收银台自行对账，不计入本机）。</numerusform>
        </translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s bill for %1 is not ready yet (it is out from 10:00 China time the next day): try again later</source>
        <translation>%1 的微信支付账单尚未生成（次日北京时间 10:00 后可下载）：请稍后再试</translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s bill for %1 could not be read (%2); nothing was changed: try again, or call support</source>
        <translation>%1 的微信支付账单无法读取（%2），未做任何更改：请重试或联系技术支持</translation>
    </message>
    <message>
        <source>the store could not be compared with the bill (%1); nothing was changed: call support</source>
        <translation>无法将本机记录与账单核对（%1），未做任何更改：请联系技术支持</translation>
    </message>
    <message>
        <source>the bill for %1 could not be downloaded (%2): check the network and try again</source>
        <translation>%1 的账单无法下载（%2）：请检查网络后重试</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Refund to the customer</source>
        <translation>退款给顾客</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Already refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Sub-order</source>
        <translation>子订单</translation>
    </message>
    <message>
        <source>Full remainder</source>
        <translation>全部剩余金额</translation>
    </message>
    <message>
        <source>Part of it</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>退款金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>退款原因</translation>
    </message>
    <message>
        <source>Shown to the customer, e.g. &quot;Returned goods&quot;</source>
        <translation>会显示给顾客，例如“退货”</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <source>Print refund receipt</source>
        <translation>打印退款凭证</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · refundable %4</source>
        <translation>%1 · %2 · %3 · 可退 %4</translation>
    </message>
    <message>
        <source>%1 · %2 · refunded by that merchant</source>
        <translation>%1 · %2 · 由该商户自行退款</translation>
    </message>
    <message>
        <source>Refundable (this sub-order)</source>
        <translation>可退金额（本子订单）</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>可退金额</translation>
    </message>
    <message>
        <source>Order %1 is not in this till&apos;s records.</source>
        <translation>本收银台没有订单 %1 的记录。</translation>
    </message>
    <message>
        <source>%1 (customer paid %2 after discounts)</source>
        <translation>%1（顾客优惠后实付 %2）</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <source>%1 (%2 on the way)</source>
        <translation>%1（另有 %2 退款处理中）</translation>
    </message>
    <message>
        <source>This order was not paid, so there is nothing to refund.</source>
        <translation>此订单未支付，无可退金额。</translation>
    </message>
    <message>
        <source>This sub-order belongs to %1: that merchant refunds it from its own WeChat Pay account.</source>
        <translation>此子订单属于 %1，需由该商户在自己的微信支付账户中退款。</translation>
    </message>
    <message>
        <source>Everything paid for this order has been refunded or is being refunded.</source>
        <translation>此订单的已付金额已全部退款或正在退款中。</translation>
    </message>
    <message>
        <source>At most %1 can be refunded: that is what is left of this payment.</source>
        <translation>最多可退 %1，即此笔付款的剩余金额。</translation>
    </message>
    <message>
        <source>Enter a reason: WeChat Pay shows it to the customer.</source>
        <translation>请填写退款原因，微信支付会将其显示给顾客。</translation>
    </message>
    <message>
        <source>The reason may have at most %1 characters.</source>
        <translation>退款原因最多 %1 个字。</translation>
    </message>
    <message>
        <source>Refund %1 for order %2</source>
        <translation>订单 %2 退款 %1</translation>
    </message>
    <message>
        <source>Not refunded: the manager PIN was not confirmed.</source>
        <translation>未退款：店长密码未确认。</translation>
    </message>
    <message>
        <source>The refund was not stored: %1</source>
        <translation>退款未能保存：%1</translation>
    </message>
    <message>
        <source>Refund number: %1</source>
        <translation>退款单号：%1</translation>
    </message>
    <message>
        <source>Refunded %1</source>
        <translation>已退款 %1</translation>
    </message>
    <message>
        <source>The money went back to the customer&apos;s WeChat Pay (their balance or the bank card they paid with). It usually shows there within minutes; a bank card can take a few working days.</source>
        <translation>款项已原路退回顾客的微信支付（零钱或付款时使用的银行卡）。通常几分钟内到账，退回银行卡可能需要几个工作日。</translation>
    </message>
    <message>
        <source>Refund closed: no money moved</source>
        <translation>退款已关闭：资金未发生变动</translation>
    </message>
    <message>
        <source>WeChat Pay closed this refund without paying it out. The amount can be refunded again.</source>
        <translation>微信支付已关闭此退款，未退出任何款项。该金额可以重新退款。</translation>
    </message>
    <message>
        <source>Refund held: the customer&apos;s account could not take the money</source>
        <translation>退款异常：顾客账户无法入账</translation>
    </message>
    <message>
        <source>WeChat Pay accepted the refund, but the customer&apos;s bank card or account could not receive it (for example, the card was cancelled). The money is held, not lost. Ask the customer to contact WeChat Pay support, or send it to them another way from the WeChat Pay merchant platform. The refund stays in the list of unresolved refunds until it is settled.</source>
        <translation>微信支付已受理退款，但顾客的银行卡或账户无法入账（例如银行卡已注销）。款项被暂时挂起，并未丢失。请让顾客联系微信支付客服，或在微信支付商户平台上通过其他方式将款项转给顾客。此退款在处理完毕前会一直留在未完成退款列表中。</translation>
    </message>
    <message>
        <source>Refund refused: no money moved</source>
        <translation>退款被拒绝：资金未发生变动</translation>
    </message>
    <message>
        <source>WeChat Pay did not accept the refund (%1). Nothing was paid out; the amount can be refunded again once the cause is fixed.</source>
        <translation>微信支付未受理此退款（%1）。没有退出任何款项；排除原因后可重新退款。</translation>
    </message>
    <message>
        <source>Refunding %1…</source>
        <translation>正在退款 %1…</translation>
    </message>
    <message>
        <source>WeChat Pay accepted the refund and is paying it out. This usually takes seconds, sometimes minutes. You may close this window: PayDesk keeps following the refund.</source>
        <translation>微信支付已受理退款，正在退回款项，通常只需几秒，有时需要几分钟。可以关闭此窗口，PayDesk 会继续跟进这笔退款。</translation>
    </message>
    <message>
        <source>Sending the refund to WeChat Pay… It is already recorded, so closing this window loses nothing.</source>
        <translation>正在向微信支付提交退款… 退款已记录，关闭此窗口不会丢失。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::RefundLookupDialog</name>
    <message>
        <source>Scan the receipt&apos;s code or type a number first.</source>
        <translation>请先扫描小票二维码或输入单号。</translation>
    </message>
    <message>
        <source>No sale with the number %1 on this till. Check the number, or scan the code on the receipt.</source>
        <translation>本收银机没有单号为 %1 的订单。请核对单号，或扫描小票上的二维码。</translation>
    </message>
    <message>
        <source>Order %1 was not paid, so there is nothing to refund.</source>
        <translation>订单 %1 未支付，无可退款项。</translation>
    </message>
    <message>
        <source>Everything paid for order %1 has been refunded or is being refunded.</source>
        <translation>订单 %1 的已付金额已全部退款或正在退款中。</translation>
    </message>
    <message>
        <source>Order %1 belongs to %2: that merchant refunds it from its own WeChat Pay account.</source>
        <translation>订单 %1 属于 %2：须由该商户通过其自己的微信支付账户退款。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A sub-merchant&apos;s name and its merchant ID</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Refund: find the sale</source>
        <translation>退款：查找订单</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s code or type the order number / WeChat Pay transaction number</source>
        <translation>请扫描小票上的二维码，或输入订单号 / 微信支付单号</translation>
    </message>
    <message>
        <source>Receipt code, order number or transaction number</source>
        <translation>小票二维码、订单号或微信支付单号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ReportView</name>
    <message>
        <source>The day cannot be closed while payments or refunds are not final. Press Resolve now, then close the day.</source>
        <translation>还有未完成的收款或退款，暂不能日结。请先点“立即处理”，再进行日结。</translation>
    </message>
    <message>
        <source>This day is already closed.</source>
        <translation>该日已日结。</translation>
    </message>
    <message>
        <source>The day is closed. Sales from now on are in the business day %1.</source>
        <translation>日结完成。此后的销售计入营业日 %1。</translation>
    </message>
    <message>
        <source>Close the day %1</source>
        <translation>日结 %1</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Close %1? The Z report is recorded and the day cannot be closed again.</source>
        <translation>确定对 %1 进行日结吗？Z 报表将被记录，该日不能再次日结。</translation>
    </message>
    <message numerus="yes">
        <source>Asking WeChat Pay about %n open payment(s) or refund(s)…</source>
        <translation>
            <numerusform>正在向微信支付查询 %n 笔未完成的收款或退款…</numerusform>
        </translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净收入</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X 报表（班结）</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z 报表（日结）</translation>
    </message>
    <message>
        <source>Day %1 (China time), printed %2</source>
        <translation>营业日 %1（北京时间），打印于 %2</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Per merchant</source>
        <translation>按商户</translation>
    </message>
    <message>
        <source>Per cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message numerus="yes">
        <source>Not final: %n payment(s) or refund(s) must be resolved before the day can close</source>
        <translation>
            <numerusform>未完成：日结前须先处理 %n 笔收款或退款</numerusform>
        </translation>
    </message>
    <message>
        <source>Order %1: %2, %3</source>
        <translation>订单 %1：%2，%3</translation>
    </message>
    <message>
        <source>Refund %1: %2, %3</source>
        <translation>退款 %1：%2，%3</translation>
    </message>
    <message>
        <source>Day closed %1 by %2</source>
        <translation>已于 %1 由 %2 日结</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>将报表保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;X report</source>
        <translation>X 报表(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Z report</source>
        <translation>Z 报表(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Close the day</source>
        <translation>日结(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Resolve now</source>
        <translation>立即处理(&amp;R)</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>保存为 PDF(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::SettingsDialog</name>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Connect a real merchant account...</source>
        <translation>接入真实商户账户...</translation>
    </message>
    <message>
        <source>Profile file: %1</source>
        <translation>配置文件：%1</translation>
    </message>
    <message>
        <source>The profile file %1 could not be read: %2</source>
        <translation>无法读取配置文件 %1：%2</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>门店名称</translation>
    </message>
    <message>
        <source>Printed on receipts</source>
        <translation>打印在小票上</translation>
    </message>
    <message>
        <source>QR code valid for</source>
        <translation>收款码有效期</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>顾客显示屏</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <source>None (PDF only)</source>
        <translation>无（仅保存 PDF）</translation>
    </message>
    <message>
        <source>Receipts are always kept as signed PDF files as well.</source>
        <translation>小票同时会保存为带签名的 PDF 文件。</translation>
    </message>
    <message>
        <source>No printer is installed; receipts are kept as signed PDF files.</source>
        <translation>未安装打印机；小票将保存为带签名的 PDF 文件。</translation>
    </message>
    <message>
        <source>Receive payment notifications from WeChat Pay</source>
        <translation>接收微信支付的支付结果通知</translation>
    </message>
    <message>
        <source>Listen on address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>The notify URL of the merchant profile must reach this address and port (usually through an HTTPS proxy). Without notifications PayDesk still learns every result by querying.</source>
        <translation>商户配置中的通知地址必须能访问到此地址和端口（通常经由 HTTPS 反向代理）。即使不接收通知，PayDesk 也会通过查询获知每笔结果。</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>Backups to keep</source>
        <translation>保留备份份数</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address: use 0.0.0.0 for every network or 127.0.0.1 for this computer only.</source>
        <translation>“%1”不是 IP 地址：监听所有网络请填 0.0.0.0，仅本机请填 127.0.0.1。</translation>
    </message>
    <message>
        <source>The merchant profile was not saved: %1</source>
        <translation>商户配置未保存：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Moving the keys into the secret store...</source>
        <translation>正在将密钥移入密钥库……</translation>
    </message>
    <message>
        <source>The keys are now kept in %1.</source>
        <translation>密钥现保存在 %1。</translation>
    </message>
    <message>
        <source>Delete the key files you imported from: %1</source>
        <translation>请删除您导入时使用的密钥文件：%1</translation>
    </message>
    <message>
        <source>Listener, backups &amp;&amp; logs</source>
        <translation>通知、备份与日志</translation>
    </message>
    <message>
        <source>Log detail</source>
        <translation>日志详细程度</translation>
    </message>
    <message>
        <source>Warnings and errors only</source>
        <translation>仅警告和错误</translation>
    </message>
    <message>
        <source>Normal (sales, refunds, connections)</source>
        <translation>普通（收款、退款、连接）</translation>
    </message>
    <message>
        <source>Everything (for support; keys and payer ids are never written)</source>
        <translation>全部（供技术支持使用；密钥和付款人标识永不写入）</translation>
    </message>
    <message>
        <source>Log files: %1</source>
        <translation>日志文件：%1</translation>
    </message>
    <message>
        <source>Full screen: the cashier&apos;s window fills the whole screen</source>
        <translation>全屏：收银窗口占满整个屏幕</translation>
    </message>
    <message>
        <source>Receipts folder</source>
        <translation>小票文件夹</translation>
    </message>
    <message>
        <source>Without a printer, signed PDF receipts are saved here</source>
        <translation>未设置打印机时，已签名的 PDF 小票保存在这里</translation>
    </message>
    <message>
        <source>The test slip went to the printer (%1 bytes): check that it printed in full and was cut.</source>
        <translation>测试单已发送到打印机（%1 字节）：请检查是否完整打印并已切纸。</translation>
    </message>
    <message>
        <source>The test slip did not print: %1</source>
        <translation>测试单未能打印：%1</translation>
    </message>
    <message>
        <source>ESC/POS thermal printer (network, USB or serial)...</source>
        <translation>ESC/POS 热敏打印机（网络、USB 或串口）...</translation>
    </message>
    <message>
        <source>tcp://192.168.1.50:9100, /dev/usb/lp0 or COM3</source>
        <translation>tcp://192.168.1.50:9100、/dev/usb/lp0 或 COM3</translation>
    </message>
    <message>
        <source>A network printer: tcp:// and its address, port 9100 unless it says otherwise. A USB or serial printer: its device, e.g. /dev/usb/lp0, /dev/ttyUSB0 or COM3.</source>
        <translation>网络打印机：填写 tcp:// 加打印机地址，端口一般为 9100（除非打印机另有说明）。USB 或串口打印机：填写其设备，例如 /dev/usb/lp0、/dev/ttyUSB0 或 COM3。</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>测试打印</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸张宽度</translation>
    </message>
    <message>
        <source>80 mm</source>
        <translation>80 毫米</translation>
    </message>
    <message>
        <source>58 mm</source>
        <translation>58 毫米</translation>
    </message>
    <message>
        <source>Copies of each receipt</source>
        <translation>每张小票打印份数</translation>
    </message>
    <message>
        <source>Print the receipt automatically after payment</source>
        <translation>付款成功后自动打印小票</translation>
    </message>
    <message>
        <source>Write where the ESC/POS printer is: tcp://192.168.1.50:9100 for a network printer, or its device such as /dev/usb/lp0 or COM3.</source>
        <translation>请填写 ESC/POS 打印机的位置：网络打印机填写 tcp://192.168.1.50:9100，USB 或串口打印机填写其设备，例如 /dev/usb/lp0 或 COM3。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an ESC/POS printer PayDesk can print to: write tcp:// and the printer&apos;s address (tcp://192.168.1.50:9100), or its device such as /dev/usb/lp0, /dev/ttyUSB0 or COM3.</source>
        <translation>“%1”不是 PayDesk 能打印的 ESC/POS 打印机：请填写 tcp:// 加打印机地址（tcp://192.168.1.50:9100），或其设备，例如 /dev/usb/lp0、/dev/ttyUSB0 或 COM3。</translation>
    </message>
    <message>
        <source>PayDesk receipt printer</source>
        <translation>PayDesk 小票打印机</translation>
    </message>
    <message>
        <source>%1 mm paper: the line above fills the width.</source>
        <translation>%1 毫米纸：上面的虚线应正好占满纸宽。</translation>
    </message>
    <message>
        <source>Sending a test slip to %1...</source>
        <translation>正在向 %1 发送测试单...</translation>
    </message>
    <message>
        <source>Nothing was saved: the receipt printer is not right (see Devices).</source>
        <translation>未保存任何设置：小票打印机设置有误（见“设备”）。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::StateWords</name>
    <message>
        <source>Paid</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Refund started</source>
        <translation>转入退款</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Customer paying</source>
        <translation>用户支付中</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Accepted, waiting for payment</source>
        <translation>已接收，等待扣款</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>trade state word (WeChat Pay&apos;s code)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>order query</source>
        <translation>订单查询</translation>
    </message>
    <message>
        <source>WeChat Pay notification</source>
        <translation>微信支付通知</translation>
    </message>
    <message>
        <source>order answer</source>
        <translation>下单应答</translation>
    </message>
    <message>
        <source>Order created</source>
        <translation>创建订单</translation>
    </message>
    <message>
        <source>QR code issued</source>
        <translation>生成二维码</translation>
    </message>
    <message>
        <source>State changed</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Closed before sending</source>
        <translation>发送前关闭</translation>
    </message>
    <message>
        <source>Result refused</source>
        <translation>拒收结果</translation>
    </message>
    <message>
        <source>Refund requested</source>
        <translation>申请退款</translation>
    </message>
    <message>
        <source>Refund state changed</source>
        <translation>退款状态变更</translation>
    </message>
    <message>
        <source>QR code sale</source>
        <translation>扫码支付订单</translation>
    </message>
    <message>
        <source>Combined sale</source>
        <translation>合单支付</translation>
    </message>
    <message>
        <source>Sub-order</source>
        <translation>子单</translation>
    </message>
    <message>
        <source>Payment code sale</source>
        <translation>付款码支付订单</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Refund closed</source>
        <translation>退款关闭</translation>
    </message>
    <message>
        <source>%1 → %2 (%3: REVOKED, transaction %4: the customer paid before the reverse)</source>
        <translation>%1 → %2（%3：已撤销，交易单号 %4：顾客在撤销前已付款）</translation>
    </message>
    <message>
        <source>%1 → %2 (from its sub-orders)</source>
        <translation>%1 → %2（由各子单得出）</translation>
    </message>
    <message>
        <source>%1 → %2 (%3: %4, transaction %5)</source>
        <translation>%1 → %2（%3：%4，交易单号 %5）</translation>
    </message>
    <message>
        <source>%1 → %2 (%3: %4)</source>
        <translation>%1 → %2（%3：%4）</translation>
    </message>
    <message>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2（%3）</translation>
    </message>
    <message>
        <source>%1, %2, “%3” (training)</source>
        <translation>%1，%2，“%3”（培训）</translation>
    </message>
    <message>
        <source>%1, %2, “%3”</source>
        <translation>%1，%2，“%3”</translation>
    </message>
    <message>
        <source>%1: %2, reason “%3”</source>
        <translation>%1：%2，原因“%3”</translation>
    </message>
    <message>
        <source>QR code received from WeChat Pay</source>
        <translation>已从微信支付获得二维码</translation>
    </message>
    <message>
        <source>%1 said %2, refused: %3</source>
        <translation>%1 返回 %2，已拒收：%3</translation>
    </message>
    <message>
        <source>Abnormal: needs the merchant platform</source>
        <translation>退款异常：请到商户平台处理</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::TerminalStatusBar</name>
    <message>
        <source>● WeChat Pay reachable</source>
        <translation>● 微信支付连接正常</translation>
    </message>
    <message>
        <source>● WeChat Pay NOT reachable — sales are kept and settled later</source>
        <translation>● 无法连接微信支付 — 交易已保存，稍后自动核实</translation>
    </message>
    <message>
        <source>● WeChat Pay: not contacted yet</source>
        <translation>● 微信支付：尚未连接</translation>
    </message>
    <message numerus="yes">
        <source>Clock is %n second(s) off WeChat Pay: fix the time (signatures fail past 5 minutes)</source>
        <translation>
            <numerusform>本机时间与微信支付相差 %n 秒：请校准时间（超过 5 分钟签名将失败）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) being settled</source>
        <translation>
            <numerusform>%n 笔订单正在核实</numerusform>
        </translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>HQ: connecting…</source>
        <translation>总部：连接中…</translation>
    </message>
    <message numerus="yes">
        <source>HQ: %n waiting</source>
        <translation>
            <numerusform>总部：%n 项待同步</numerusform>
        </translation>
    </message>
    <message>
        <source>HQ: synced</source>
        <translation>总部：已同步</translation>
    </message>
    <message numerus="yes">
        <source>HQ unreachable: %n waiting, kept here and sent when HQ answers</source>
        <translation>
            <numerusform>总部无法连接：%n 项待同步，已保存在本机，总部恢复后自动发送</numerusform>
        </translation>
    </message>
    <message>
        <source>HQ unreachable: changes are kept here and sent when HQ answers</source>
        <translation>总部无法连接：改动已保存在本机，总部恢复后自动发送</translation>
    </message>
    <message>
        <source>HQ refused this till: it was revoked at HQ. Sales are kept here; ask the manager</source>
        <translation>总部拒绝了本收银台：本机已在总部被停用。销售记录保存在本机，请联系店长</translation>
    </message>
    <message>
        <source>HQ does not know this till any more: enrol it again (Settings). Sales are kept here</source>
        <translation>总部已不认识本收银台：请在“设置”中重新注册。销售记录保存在本机</translation>
    </message>
    <message>
        <source>HQ refused a change that is not this till&apos;s own: call support. Sales are kept here</source>
        <translation>总部拒绝了一条不属于本收银台的记录：请联系技术支持。销售记录保存在本机</translation>
    </message>
    <message>
        <source>HQ refused this till&apos;s audit trail as altered: call support. Sales are kept here</source>
        <translation>总部认为本收银台的审计记录被改动而拒绝接收：请联系技术支持。销售记录保存在本机</translation>
    </message>
    <message>
        <source>HQ refused this till&apos;s changes (%1): call support. Sales are kept here</source>
        <translation>总部拒绝了本收银台的改动（%1）：请联系技术支持。销售记录保存在本机</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::TrainingEnvironment</name>
    <message>
        <source>The training customer could not do that.</source>
        <translation>模拟顾客无法执行此操作。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::Yuan</name>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>Enter the amount in yuan, like 12.50.</source>
        <translation>请以元为单位输入金额，例如 12.50。</translation>
    </message>
    <message>
        <source>At most two decimals: yuan and fen, like 12.50.</source>
        <translation>最多两位小数（元和分），例如 12.50。</translation>
    </message>
    <message>
        <source>The amount must be more than ¥0.00.</source>
        <translation>金额必须大于 ¥0.00。</translation>
    </message>
    <message>
        <source>One sale can be at most %1.</source>
        <translation>单笔交易金额最多为 %1。</translation>
    </message>
</context>
</TS>
