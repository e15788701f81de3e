package demo

// Subject templates of the generated tenants, per language. Slots: {n}
// number, {m}/{d} month and day, {M} month name, {t} topic, {c} organisation,
// {k} person, {q} quarter, {P} product. None contains a lure's content words
// together, so each lure stays exactly countable; the recurring partner
// templates (invoices, price notices, delivery notes) are sent by many
// partners every working day, which is what legitimate bulk looks like.
type langText struct {
	months                                         []string
	topics, products                               []string
	internal, notify, business, recurring, letters []template
	personal                                       []template
}

var texts = map[string]*langText{
	"de": {
		months:    []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		topics:    []string{"Projektplanung", "Budget 2027", "Statik-Gutachten", "Baustellenbesuch", "Qualitätssicherung", "Mitarbeitergespräch", "Offertenvergleich", "Brandschutzkonzept", "Zeiterfassung", "Weiterbildung"},
		products:  []string{"Tragwerksplanung", "Vermessung", "Bauleitung", "Gutachten"},
		internal:  parseAll("Besprechung: {t}", "Re: {t}", "Protokoll {t} vom {d}.{m}.", "Wochenrapport KW {q}{d}", "Fw: {t}", "Termin {t} am {d}. {M}", "Unterlagen {t}", "Frage zu {t}"),
		notify:    parseAll("Ihre Spesenabrechnung {n} wurde genehmigt", "Erinnerung: Zeiterfassung {M} abschliessen", "Neue Aufgabe im Projekt {n}"),
		business:  parseAll("Offerte {n} – {P}", "Re: Auftrag {n}", "Terminvorschlag {t}", "Anfrage {P} ({c})", "Auftragsbestätigung {n}", "Re: Lieferung {n}"),
		recurring: parseAll("Rechnung {n} – {c}", "Preisänderung ab 1. {M}", "Lieferschein {n} von {c}", "Monatsabrechnung {M} ({c})"),
		letters:   parseAll("{c} Newsletter {M}", "{c}: Neuigkeiten im {M}", "Einladung: Fachtagung {t}", "{c} – Ihre Preisliste {M}"),
		personal:  parseAll("Re: Wochenende", "Fotos vom Ausflug", "Bewerbung {k}"),
	},
	"fr": {
		months:    []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		topics:    []string{"planification du projet", "budget 2027", "visite de chantier", "contrôle qualité", "entretien annuel", "comparatif d'offres", "concept d'incendie", "formation continue", "l'avant-projet", "l'appel d'offres"},
		products:  []string{"études structurelles", "relevés", "direction des travaux", "expertise"},
		internal:  parseAll("Réunion : {t}", "RE: {t}", "Procès-verbal {t} du {d}.{m}", "TR: {t}", "Point hebdo sur {t}", "Rendez-vous {t} le {d} {M}", "Documents pour {t}", "Question sur {t}"),
		notify:    parseAll("Votre note de frais {n} a été approuvée", "Rappel : saisie des heures de {M}", "Nouvelle tâche dans le projet {n}"),
		business:  parseAll("Offre {n} – {P}", "RE: Commande {n}", "Proposition de rendez-vous : {t}", "Demande {P} ({c})", "Confirmation de commande {n}", "RE: Livraison {n}"),
		recurring: parseAll("Votre facture {c} de {M}", "Évolution des tarifs au 1er {M}", "Bon de livraison {n} de {c}", "Relevé mensuel {M} ({c})"),
		letters:   parseAll("La lettre d'information {c} – {M}", "{c} : l'actualité de {M}", "Invitation : journée technique {t}", "{c} – votre liste de prix {M}"),
		personal:  parseAll("RE: ce week-end", "Photos de l'excursion", "Candidature {k}"),
	},
	"en": {
		months:    monthsEN,
		topics:    []string{"Q4 forecast", "store layout", "supplier audit", "holiday staffing", "shipment schedule", "contract renewal", "security awareness training", "inventory count", "quality review", "onboarding plan"},
		products:  []string{"pallet racking", "POS terminals", "cold chain", "freight services"},
		internal:  parseAll("Weekly sync: {t}", "Re: {t}", "Minutes: {t} ({m}/{d})", "Q{q} plan review", "FW: {t}", "Action items: {t}", "Meeting request: {t}", "Question about {t}"),
		notify:    parseAll("Your expense report {n} was approved", "Reminder: submit your {M} timesheet", "New task assigned: {n}"),
		business:  parseAll("Quotation {n} - {P}", "Re: Purchase order {n}", "Meeting request: {t}", "Request for {P} ({c})", "Order confirmation {n}", "Re: Delivery {n}"),
		recurring: parseAll("Invoice {n} from {c}", "Price update effective {M} 1", "Delivery note {n} - {c}", "{c} statement for {M}"),
		letters:   parseAll("{c} Newsletter - {M} edition", "[{c}] Top stories this week", "Webinar invitation: {t}", "{c}: your {M} price list"),
		personal:  parseAll("Re: weekend plans", "Photos from the trip", "Application - {k}"),
	},
	"pt": {
		months:    []string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		topics:    []string{"planejamento de vendas", "orçamento 2027", "auditoria de estoque", "reunião com fornecedores", "treinamento de segurança", "logística reversa", "avaliação de desempenho", "campanha de Natal", "renovação de contrato", "metas do trimestre"},
		products:  []string{"eletrodomésticos", "peças de reposição", "embalagens", "transporte"},
		internal:  parseAll("Reunião: {t}", "RE: {t}", "Ata de {t} ({d}/{m})", "ENC: {t}", "Pauta da semana: {t}", "Agenda {t} em {d} de {M}", "Documentos de {t}", "Dúvida sobre {t}"),
		notify:    parseAll("Seu reembolso {n} foi aprovado", "Lembrete: ponto de {M}", "Nova tarefa atribuída: {n}"),
		business:  parseAll("Cotação {n} – {P}", "RE: Pedido {n}", "Proposta de reunião: {t}", "Solicitação de {P} ({c})", "Confirmação do pedido {n}", "RE: Entrega {n}"),
		recurring: parseAll("Nota fiscal {n} – {c}", "Reajuste de preços a partir de {M}", "Aviso de entrega {n} ({c})", "Extrato mensal {M} – {c}"),
		letters:   parseAll("Newsletter {c} – {M}", "{c}: novidades de {M}", "Convite: webinar sobre {t}", "{c} – tabela de preços de {M}"),
		personal:  parseAll("RE: fim de semana", "Fotos da viagem", "Currículo {k}"),
	},
	"es": {
		months:    []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		topics:    []string{"plan de ventas", "presupuesto 2027", "inventario", "proveedor nuevo", "curso de capacitación", "transporte", "cierre anual", "catálogo navideño", "contrato", "presupuesto del trimestre"},
		products:  []string{"electrodomésticos", "repuestos", "envases", "transporte"},
		internal:  parseAll("Reunión sobre el {t}", "RE: pregunta sobre el {t}", "Acta de la reunión del {d}/{m}", "RV: {t} para la semana", "Agenda semanal: los temas del {t}", "Cita para el {t} el {d} de {M}", "Los documentos del {t}", "¿Tienes un momento para el {t}?"),
		notify:    parseAll("Su reembolso {n} fue aprobado", "Recordatorio: sus horas de {M}", "Nueva tarea asignada para usted: {n}"),
		business:  parseAll("Cotización {n} para los {P}", "RE: nuestro pedido {n}", "Propuesta de reunión sobre el {t}", "Solicitud de {P} ({c})", "Confirmación del pedido {n}", "RE: la entrega {n}"),
		recurring: parseAll("Factura electrónica {n} – {c}", "Actualización de precios desde {M}", "Remito {n} de {c}", "Estado de cuenta {M} – {c}"),
		letters:   parseAll("Boletín {c} – {M}", "{c}: novedades de {M}", "Invitación: seminario sobre {t}", "{c} – lista de precios de {M}"),
		personal:  parseAll("RE: fin de semana", "Fotos del viaje", "Currículum {k}"),
	},
	"it": {
		months:    []string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		topics:    []string{"pianificazione delle spedizioni", "bilancio 2027", "qualità", "visita al magazzino", "formazione sulla sicurezza", "rinnovo del contratto", "l'inventario", "l'offerta commerciale"},
		products:  []string{"trasporto refrigerato", "container", "sdoganamento", "magazzinaggio"},
		internal:  parseAll("Riunione sulla {t}", "R: domanda sulla {t}", "Verbale della riunione del {d}/{m}", "I: {t} per la settimana", "Aggiornamento settimanale sulla {t}", "Ci vediamo per la {t}?"),
		notify:    parseAll("La nota spese {n} è stata approvata", "Promemoria: le presenze di {M}"),
		business:  parseAll("Preventivo {n} per il {P}", "R: il nostro ordine {n}", "Richiesta di {P} ({c})", "Conferma d'ordine {n} della {c}"),
		recurring: parseAll("Fattura {n} della {c}", "Aggiornamento del listino da {M}", "Documento di trasporto {n} della {c}"),
		letters:   parseAll("Newsletter {c} – {M}", "{c}: tutte le novità di {M}"),
		personal:  parseAll("R: il fine settimana", "Le foto del viaggio"),
	},
	"zh": {
		months:    []string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"},
		topics:    []string{"物流计划", "年度预算", "质量检查", "仓库盘点", "合同续签", "安全培训"},
		products:  []string{"冷链运输", "集装箱", "报关服务", "仓储"},
		internal:  parseAll("会议：{t}", "回复：{t}", "{t}会议纪要（{m}/{d}）", "转发：{t}"),
		notify:    parseAll("报销单 {n} 已批准", "提醒：{M}考勤"),
		business:  parseAll("报价单 {n} – {P}", "回复：订单 {n}", "询价：{P}（{c}）", "订单确认 {n}"),
		recurring: parseAll("发票 {n} – {c}", "{M}起价格调整通知", "发货通知 {n}（{c}）"),
		letters:   parseAll("{c} {M}电子报", "{c}：本周要闻"),
		personal:  parseAll("回复：周末安排", "旅行照片"),
	},
}

// countryLang is the language a partner in that country writes in.
var countryLang = map[string]string{
	"CH": "de", "DE": "de", "AT": "de", "FR": "fr", "IT": "it", "BR": "pt", "PT": "pt",
	"AR": "es", "ES": "es", "MX": "es", "CN": "zh", "US": "en", "GB": "en", "AU": "en", "NZ": "en", "JP": "en", "IN": "en",
}

// Company names per country: a stem and a legal form; domains are derived.
var (
	companyStems = map[string][]string{
		"CH": {"Bergmann", "Seeland", "Rigi", "Aaretal", "Jura", "Säntis", "Limmat", "Gotthard", "Emmental", "Pilatus"},
		"DE": {"Rheintal", "Schwarzwald", "Nordsee", "Elbe", "Harz", "Mosel", "Taunus", "Allgäu"},
		"FR": {"Lumière", "Rhône", "Provence", "Atlantique", "Vosges", "Garonne", "Loire", "Savoie"},
		"IT": {"Adriatica", "Dolomiti", "Toscana", "Lombarda", "Vesuvio", "Ligure"},
		"BR": {"Ipiranga", "Paulista", "Cerrado", "Guanabara", "Tocantins", "Pampulha", "Jequitibá", "Araucária", "Capixaba", "Potiguar"},
		"AR": {"Pampa", "Rioplatense", "Cuyo", "Patagonia", "Andina"},
		"ES": {"Ibérica", "Cantábrica", "Levante", "Castilla", "Galaica"},
		"US": {"Lakeshore", "Prairie", "Redwood", "Summit", "Harbor", "Keystone", "Bluegrass", "Cascade", "Mesa", "Frontier", "Granite", "Liberty"},
		"GB": {"Thames", "Pennine", "Cotswold", "Severn"},
		"CN": {"Huaxia", "Changjiang", "Pearl River", "Jinling", "Minjiang"},
		"JP": {"Kansai", "Tohoku", "Setouchi"},
		"IN": {"Deccan", "Ganga", "Malabar"},
		"AU": {"Eucalypt", "Coral Sea", "Murray", "Kimberley", "Outback", "Tasman", "Wattle", "Darling"},
		"NZ": {"Kauri", "Aoraki", "Waikato", "Tui"},
	}
	companyForms = map[string][]string{
		"CH": {"AG", "GmbH", "Holding AG"}, "DE": {"GmbH", "AG", "KG"}, "FR": {"SA", "SARL", "SAS"}, "IT": {"S.p.A.", "S.r.l."},
		"BR": {"Ltda.", "S.A.", "Comércio Ltda."}, "AR": {"S.A.", "S.R.L."}, "ES": {"S.L.", "S.A."},
		"US": {"Inc.", "LLC", "Supply Co."}, "GB": {"Ltd", "plc"}, "CN": {"Co., Ltd.", "Trading Co."}, "JP": {"K.K."}, "IN": {"Pvt Ltd"},
		"AU": {"Pty Ltd", "Logistics Pty Ltd"}, "NZ": {"Ltd"},
	}
	// Staff names of the home countries, first and last.
	firstNames = map[string][]string{
		"CH": {"lukas", "anna", "marco", "sarah", "nicolas", "laura", "thomas", "julie", "daniel", "claire"},
		"BR": {"joao", "maria", "pedro", "ana", "lucas", "juliana", "rafael", "camila", "gabriel", "beatriz", "mateus", "larissa"},
		"US": {"john", "emily", "michael", "sarah", "david", "jessica", "robert", "ashley", "james", "megan", "carlos", "maria", "kevin", "laura", "brian", "nicole"},
		"AU": {"jack", "olivia", "liam", "charlotte", "noah", "amelia", "william", "mia", "thomas", "chloe"},
	}
	lastNames = map[string][]string{
		"CH": {"mueller", "meier", "schmid", "keller", "weber", "huber", "favre", "rochat", "bonvin", "rossi"},
		"BR": {"silva", "santos", "oliveira", "souza", "rodrigues", "ferreira", "alves", "pereira", "lima", "gomes", "costa", "ribeiro"},
		"US": {"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez", "wilson", "anderson", "taylor", "thomas", "moore", "jackson"},
		"AU": {"smith", "jones", "williams", "brown", "wilson", "taylor", "nguyen", "anderson", "thompson", "martin"},
	}
	contactLocals = []string{"info", "sales", "billing", "orders", "accounts", "service", "logistics", "office"}
)

// Spam stays English (and a little of the tenant's language), flat around the
// clock; subjects avoid every lure's content words.
var worldSpam = parseAll(
	"Your parcel could not be delivered", "Congratulations! You have been selected", "Exclusive offer: {n}% off today only",
	"Earn money from home", "Re: your order {n}", "Hot singles in your area", "Your account will be suspended", "Claim your reward now",
)
