package demo

import (
	"strconv"
	"strings"
)

// template is a subject with slots, parsed once: "{t}の件" is a topic slot
// followed by a literal.
type template []part

type part struct {
	lit  string
	slot byte
}

func parseTemplate(s string) template {
	var t template
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 || i+2 >= len(s) || s[i+2] != '}' {
			return append(t, part{lit: s})
		}
		if i > 0 {
			t = append(t, part{lit: s[:i]})
		}
		t = append(t, part{slot: s[i+1]})
		s = s[i+3:]
	}
	return t
}

func parseAll(ss ...string) []template {
	out := make([]template, len(ss))
	for i, s := range ss {
		out[i] = parseTemplate(s)
	}
	return out
}

// fillCtx carries what a subject may mention: the message's date (JST) and the
// organisation and person involved.
type fillCtx struct {
	month, day int
	org        string
	person     string
}

var (
	topicsJP   = []string{"新製品の販売計画", "来期予算", "基幹システム更改", "品質改善活動", "展示会出展", "人事評価面談", "安全衛生委員会", "年末調整", "新入社員研修", "顧客訪問", "物流コスト削減", "ISMS内部監査", "価格改定", "在庫棚卸", "設備保全計画", "BCP訓練"}
	topicsEN   = []string{"Q4 forecast", "product roadmap", "supplier audit", "pricing update", "shipment schedule", "contract renewal", "security awareness training", "trade show booth", "quality review", "onboarding plan"}
	projects   = []string{"ひかり", "あおぞら", "Phoenix", "Orion", "みらい", "Atlas", "さきがけ", "Nova"}
	products   = []string{"制御基板 CB-200", "センサーユニット SU-7", "産業用モーター M-450", "ケーブルハーネス", "Sensor module SU-7", "Control board CB-200", "Motor M-450"}
	cities     = []string{"大阪", "名古屋", "福岡", "札幌", "仙台", "広島", "上海", "シンガポール", "San Jose"}
	monthsEN   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	services   = []string{"CloudSvc", "DevHub", "Monitoring", "TechBrief"}
	lureBrands = []string{"Microsoft 365", "OneDrive", "SharePoint", "Outlook", "Teams"}
)

func (t template) fill(r *rng, c *fillCtx) string {
	var b strings.Builder
	b.Grow(72)
	for _, p := range t {
		if p.slot == 0 {
			b.WriteString(p.lit)
			continue
		}
		b.WriteString(slotValue(p.slot, r, c))
	}
	return b.String()
}

func slotValue(s byte, r *rng, c *fillCtx) string {
	switch s {
	case 'n':
		return strconv.Itoa(r.between(100, 99999))
	case 'N':
		return strconv.Itoa(r.between(10000, 99999))
	case 'm':
		return strconv.Itoa(c.month)
	case 'd':
		return strconv.Itoa(c.day)
	case 'M':
		return monthsEN[c.month-1]
	case 'q':
		return strconv.Itoa(r.between(1, 4))
	case 't':
		return pick(r, topicsJP)
	case 'T':
		return pick(r, topicsEN)
	case 'p':
		return pick(r, projects)
	case 'P':
		return pick(r, products)
	case 'x':
		return pick(r, cities)
	case 's':
		return pick(r, services)
	case 'b':
		return pick(r, lureBrands)
	case 'c':
		return c.org
	case 'k':
		return c.person
	}
	return ""
}

// Subject families. None of them contains "Invoice" or "payment overdue": those
// belong to the incident-2 campaign alone, so its template is exactly countable.
var (
	subjInternalJP = parseAll(
		"【会議】{t}について", "{m}月{d}日 定例会議のご案内", "議事録：{t}（{m}/{d}）", "Re: {t}の件", "RE: {t}の件",
		"【共有】{t} 資料", "{p}プロジェクト 週次進捗報告", "出張申請（{x}）", "【依頼】{t}のご確認", "FW: {t}",
		"{m}月度 経費精算のお願い", "【至急】{t}の件", "Re: Re: {t}について", "{t}の打ち合わせ日程調整", "【報告】{x}出張報告",
		"{k}さん 資料ありがとうございます", "【回覧】{t}", "来週の{t}について",
	)
	subjInternalEN = parseAll(
		"Weekly sync: {T}", "Re: {T}", "Minutes: {T} ({m}/{d})", "Q{q} plan review", "FW: {T}", "Action items from today's call",
	)
	subjNotify = parseAll(
		"【ワークフロー】申請 No.{n} が承認されました", "【ワークフロー】承認依頼：申請 No.{n}", "【勤怠】{m}月分 勤務表の提出期限",
		"【システム】夜間バッチ処理結果（{m}/{d}）", "【施設予約】会議室の予約が確定しました（{m}/{d}）", "【IT】パスワード変更のお知らせ",
	)
	subjOutboundJP = parseAll(
		"【お見積書】{P}（No.{n}）", "{m}月分 請求書送付のご案内", "{c} {k}様 打ち合わせ日程のご相談", "Re: {t}の件", "発注書（No.{n}）送付のご連絡",
		"納期回答のご連絡（注番 {n}）", "【ご連絡】{m}月{d}日ご訪問の件", "RE: {P}のお問い合わせについて", "御礼：{m}/{d} お打ち合わせ", "仕様書送付の件（{P}）",
	)
	subjOutboundEN = parseAll(
		"Quotation No. {n} - {P}", "Re: Purchase order {n}", "Meeting request: {T}", "Shipment schedule update ({m}/{d})", "Billing statement for {M}",
		"RE: {T}", "Follow-up on {T}",
	)
	subjInboundJP = parseAll(
		"見積書ご送付の件（{c}）", "【{c}】請求書送付のお知らせ（{m}月分）", "Re: {t}の件", "{k}様 打ち合わせ御礼（{c}）", "【{c}】{m}月{d}日 納品のご案内",
		"注文請書（No.{n}）", "RE: {P}の仕様について", "{c}より価格改定のお知らせ",
	)
	subjInboundEN = parseAll(
		"Order confirmation {n}", "RE: Quotation request - {P}", "{c}: New price list", "Re: {T}", "Shipping notice #{n}", "Statement of account - {M}",
	)
	subjPersonal = parseAll(
		"応募書類の送付（{k}）", "Re: 週末の予定", "写真送ります", "Re: 飲み会の件", "履歴書送付のご連絡", "Fwd: {x}旅行",
	)
	subjSpam = parseAll(
		"【重要】アカウントの確認をお願いします", "Your parcel could not be delivered", "Congratulations! You have been selected", "低金利ローンのご案内",
		"Exclusive offer: {n}% off today only", "【未払い】料金のお支払いについて", "Earn money from home", "副業で月収100万円", "Re: your order {n}",
		"Hot singles in your area", "最終通知：ポイント失効のお知らせ",
	)
)

// bulkFamilies are the subjects of each kind of bulk sender.
var bulkFamilies = [][]template{
	parseAll("【{c}】{m}月号 メールマガジン", "【{c}】今週の注目ニュース", "【{c}】{t}特集"),
	parseAll("【セミナー】{t}の最新動向", "ウェビナーのご案内：{t}", "【開催間近】{m}月{d}日 オンラインセミナー"),
	parseAll("【{c}】{m}月のおすすめ商品", "【{c}】ご注文ありがとうございます（注文番号 {n}）", "【{c}】ポイント還元キャンペーン"),
	parseAll("【{c}】ご利用明細のお知らせ（{m}月分）", "【{c}】予約確認（{x}）", "【{c}】ご利用ありがとうございました"),
	parseAll("Weekly digest: {T}", "{c} Newsletter - {M} edition", "[{c}] Top stories this week"),
	parseAll("[{c}] Your weekly report", "[{c}] Alert resolved: CPU usage on web-0{q}", "[{c}] Your subscription renews soon", "[{c}] Scheduled maintenance on {M} {d}"),
}
