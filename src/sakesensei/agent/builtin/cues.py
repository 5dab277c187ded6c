"""The cue words of each intent, in Japanese and English, as patterns over Text.kana."""

from __future__ import annotations

import re

from sakesensei.domain.spelling import to_hiragana


def _re(*parts: str) -> re.Pattern[str]:
    # Messages are matched with katakana folded to hiragana, so the patterns are too.
    return re.compile(to_hiragana("|".join(parts)))


INJECTION = _re(
    r"ignore\s+(?:all\s+|any\s+|your\s+|the\s+|previous\s+|prior\s+|above\s+|earlier\s+|these\s+)*"
    r"(?:instructions|rules|prompts?|directions|guidelines|programming)",
    r"disregard\s+(?:all\s+|your\s+|the\s+|previous\s+)*(?:instructions|rules|prompt)",
    r"forget\s+(?:all\s+|your\s+|the\s+|previous\s+)+(?:instructions|rules|prompt)",
    r"system\s*prompt|system\s*message|hidden\s+(?:prompt|instructions)|initial\s+prompt",
    r"(?:reveal|show|print|display|repeat|output|leak|dump|tell me|give me|what(?:'s| is| are))\s+"
    r"(?:me\s+)?(?:your|the)\s+(?:system\s+|hidden\s+|initial\s+|original\s+|secret\s+)?"
    r"(?:prompt|instructions|rules|configuration|config|guidelines)",
    r"developer\s+mode|jailbreak|\bdan\s+mode|\bsudo\b|god\s+mode|admin\s+mode|debug\s+mode",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:unrestricted|uncensored|jailbroken|unfiltered\s+ai)|"
    r"from\s+now\s+on,?\s+you\s+(?:are|will|must)|(?:output|dump|print|show|list)\s+(?:me\s+)?"
    r"(?:the\s+)?(?:whole\s+|entire\s+)?database|database\s+(?:contents|dump)",
    r"pretend\s+(?:you\s+are|to\s+be|you're)|act\s+as\s+(?:an?\s+)?(?:admin|administrator|root|"
    r"developer|system|database)|you\s+are\s+now\s+(?:an?\s+)?(?:admin|dan|unrestricted|root)",
    r"(?:another|other|others'|someone else'?s?|somebody else'?s?|every|all)\s+(?:users?'?s?|"
    r"people'?s?|members?'?s?|accounts?'?)\s*(?:journal|data|history|tastings?|ratings?|"
    r"preferences|memor(?:y|ies)|emails?|passwords?|accounts?|records?|logs?|notes)",
    r"\buser\s+(?:id\s+)?[\w@.\-]+'?s?\s+(?:journal|data|history|tastings?|ratings?|preferences|"
    r"memor(?:y|ies)|records?|notes|account)",
    r"[\w.+-]+@[\w-]+\.[a-z]{2,}",
    r"(?:journal|data|history|tastings?|ratings?|preferences|records?)\s+(?:of|for|from)\s+"
    r"(?:user\s+\S+|[\w.+-]+@[\w-]+\.[\w.]+|other\s+users|all\s+users|everyone|another\s+user)",
    r"\b(?:drop|delete)\s+table\b|select\s+\*\s+from|\bunion\s+select\b|api[\s_-]?keys?|"
    r"secret[\s_-]?key|access\s+token|password",
    r"指示を無視|命令を無視|ルールを無視|設定を無視|制約を無視|指示は無視|指示を忘れ|無視してください|無視して",
    r"システムプロンプト|システム・プロンプト|プロンプトを|初期設定を(?:教え|見せ|表示)|隠された指示|"
    r"開発者モード|管理者モード|管理者として|管理者権限|脱獄",
    r"他のユーザ|他の利用者|ほかのユーザ|他の人の|他人の|別のユーザ|全ユーザ|全員の(?:記録|履歴|データ)|"
    r"みんなの(?:記録|履歴|データ)|ユーザー?\s*[\w@.\-]+\s*(?:さん)?の(?:記録|履歴|日記|データ|好み|評価)",
    r"パスワード|apiキー|api キー|アクセストークン|データベースの中身|sql",
)
CONFIRM = _re(
    r"^(?:yes|yeah|yep|yup|yes please|sure|ok|okay|k|y|please do|please|go ahead|do it|correct|"
    r"that's right|thats right|right|confirm|confirmed|sounds good|perfect|absolutely|of course|"
    r"definitely|please log it|log it|save it|yes log it|yes do it|go for it|affirmative)\b",
    r"^(?:はい|うん|ええ|お願い|おねがい|よろしく|いいよ|いいです|いいね|ok|おk|オッケー|おっけー|"
    r"そう|それで|登録して|記録して|変更して|頼む|了解|大丈夫|もちろん|ぜひ|是非|イエス|そうして|"
    r"それでお願い|お願いします|はい、お願いします)",
)
DENY = _re(
    r"^(?:no|nope|nah|cancel|don't|dont|do not|never ?mind|nevermind|stop|not now|no thanks|"
    r"no thank you|forget it|skip|wait|wrong|that's wrong|not that)\b",
    r"^(?:いいえ|いや|やめ|キャンセル|取り消|とりけ|ちがう|違う|結構です|いらない|だめ|ダメ|不要|"
    r"しないで|やっぱり?(?:いい|やめ|なし|いらない|しない)|なし|ノー|待って|まって)",
)
GREETING = _re(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))\b",
    r"^(?:こんにちは|こんにちわ|こんちは|こんばんは|こんばんわ|おはよ|はじめまして|初めまして|やあ|どうも|"
    r"もしもし|ハロー|はろー|ハイ|やっほ|おっす|ちわっ)",
)
THANKS = _re(
    r"\b(?:thanks|thank you|thank u|thanku|thank ya|thanx|thnx|thx|ty|tysm|cheers|much appreciated|"
    r"appreciate it)\b",
    r"ありがとう|ありがと|サンキュー|感謝|助かりました|助かる|どうも(?:ありがとう)?$",
)
BYE = _re(
    r"\b(?:bye|goodbye|good bye|see you|see ya|good night|goodnight|later|take care)\b",
    r"さようなら|さよなら|またね|バイバイ|ばいばい|おやすみ|では また|じゃあね|また来ます",
)
SMALL_TALK = _re(
    r"how are you|how's it going|hows it going|who are you|what are you|your name|"
    r"are you (?:a |an )?(?:real )?(?:bot|robot|ai|human|person|machine|chatbot|program)|"
    r"do you (?:drink|like sake)|tell me a joke|"
    r"what's up|whats up",
    r"元気|調子はどう|あなたは誰|あなたはだれ|だれですか|誰ですか|何者|名前は|ロボット|AI\s*なの|人間|"
    r"お酒は好き|冗談|ジョーク",
)
HELP = _re(
    r"\bhelp\b|what can you do|what do you do|how do i use|how does this work|how to use|"
    r"what can i ask|commands|features|instructions for use",
    r"ヘルプ|使い方|何ができる|なにができる|何を聞け|なにを聞け|どう使|何をしてくれる|できること",
)
LOG = _re(
    r"\b(?:i|we|just)\s+(?:just\s+)?(?:drank|had|tried|tasted|opened|finished|sampled|enjoyed|"
    r"bought and drank|had a glass of|had a bottle of)\b",
    r"^(?:had|drank|tried|tasted|opened|finished|enjoyed)\b",
    r"\b(?:log|record|add|save|note|journal)\b(?!\s+(?:of|history))",
    r"\brate\b|\brated\b(?!\s+(?:highest|lowest|best|worst|the highest))",
    r"飲んだ|飲みました|呑んだ|呑みました|のんだ|のみました|いただいた|頂いた|いただきました|頂きました|"
    r"試した|"
    r"試しました|開けた|開けました|飲んでみた|飲んでみました|記録して|記録したい|記録しといて|"
    r"登録して|登録したい|つけて|付けて|メモして|ログ|記録お願い|記録を",
)
HISTORY = _re(
    r"what (?:did|have) i (?:drink|drank|drunk|had|have|try|tried|rate|rated|log|logged)",
    r"\bmy (?:tasting )?(?:history|journal|log|tastings|ratings|stats|statistics|records|notes)\b",
    r"how many (?:sakes? |bottles? )?(?:have i|did i|i've|ive)",
    r"(?:highest|top|best|lowest|worst)[- ]rated|rated (?:the )?(?:highest|lowest|best|worst)|"
    r"(?:rate|rated) (?:the )?(?:most|least)",
    r"my (?:favou?rites?|top sakes?|best sakes?)|favou?rite so far",
    r"have i (?:ever )?(?:had|tried|drunk|drank|rated|logged)|did i (?:like|rate|try|drink|have)",
    r"when did i (?:last |first )?(?:have|drink|try|taste|rate|log)|"
    r"last time i (?:had|drank|tried)",
    r"what do i (?:usually|tend to|like)|my taste(?: profile)?|what kind of sake do i like",
    r"飲んだ(?:の|もの|お酒|酒|やつ|日本酒)(?:は|を|って)?(?:何|なに|どれ|教えて|一覧|リスト|見せ|\?)",
    r"飲んだこと(?:が)?(?:ある|あった|あります)|飲んだっけ|前に飲んだ|今まで|これまで|私の記録|記録を見|"
    r"評価した(?:の|もの|お酒|酒)|(?:低|高)く評価|評価(?:が|の)(?:一番)?(?:高|低)|点数が|"
    r"have i been (?:drinking|having)|what i(?:'ve| have) (?:been )?(?:drunk|had|drinking)|"
    r"my recent (?:tastings|sakes|drinks)|what did i (?:have|try) (?:recently|lately)|"
    r"記録一覧|記録を教|履歴|テイスティング記録|飲んだ記録|評価が(?:一番)?(?:高|低)|"
    r"一番(?:好き|美味し|おいし|気に入|評価)|何本(?:飲|記録)|何杯|何種類(?:飲|記録)|統計|傾向|平均|"
    r"(?:私|わたし|僕|俺)?のお気に入り|お気に入りは|好みの傾向",
)
JOURNAL_WORDS = _re(
    r"journal|history|rated|rating|logged|my (?:tastings|records)|\bdid i\b|\bhave i\b",
    r"記録|履歴|評価|日記",
)
SHOW_PREFS = _re(
    r"my (?:current |saved |sake |taste )?(?:preferences?|settings|profile|survey)"
    r"(?! (?:is|are|have|changed))|"
    r"what(?:'s| is| are) my (?:current |saved )?(?:budget|preferences|settings|sweetness)",
    r"(?:私|わたし|僕|ぼく|俺)の(?:好み|設定|予算)(?:は|を)?(?:何|なに|教え|見せ|確認|\?|どう)|"
    r"好みの設定|設定を(?:見せ|確認|教え)|今の(?:予算|設定|好み)",
)
MEMORY = _re(
    r"what do you (?:know|remember) about me|what have you remembered|what do you remember|"
    r"what do you know of me|your memory of me",
    r"何を覚えて|覚えていること|覚えてること|私について(?:何|なに)|記憶して",
)
PREF_CHANGE = _re(
    r"\bi (?:really )?(?:like|love|prefer|enjoy|adore|favou?r)\b|\bi'?m (?:into|a fan of)\b|"
    r"\bi (?:don't|do not|dont|can't|cannot) (?:really )?(?:like|stand|drink|do|enjoy)\b|"
    r"\bi (?:hate|dislike|avoid)\b|\bi'?m not (?:a fan of|into|big on)\b|\bnot for me\b|"
    r"\bmy budget\b|set my|change my|update my|\bi (?:usually|normally|typically|never) "
    r"(?:spend|pay)\b|\bi'?m (?:getting |now )?(?:into|more into)\b|"
    r"\bi'?m (?:a |an )?(?:beginner|newbie|novice|new to)|"
    r"\bi'?m (?:a |an )?(?:expert|connoisseur)|\bi usually (?:drink|like)\b|no more than .* "
    r"per bottle",
    r"(?:が|は|も)?(?:好き|大好き|好み|派|得意)(?:です|だ|なんです|なの|かな)?(?:。|!|$|、)|"
    r"(?:が|は|も)(?:苦手|嫌い|きらい|ダメ|だめ|飲めない)|予算は|予算を|予算が|"
    r"初心者(?:です|なので|なんです|だ)|設定を変|好みを変|予算を変|に変更|にして(?:ください|ほしい)?$|"
    r"好きになっ|好きになり|(?:に|が|は)(?:はま|ハマ)って|(?:あまり|あんまり)?好きじゃな|好きではな|"
    r"得意じゃな|得意ではな|口に合わな|しか(?:出|だ|払|はら)(?:さ|せ|わ|え)ない|まで(?:なら)?(?:出せ|払え)|"
    r"(?:普段|いつも)は?.{0,12}(?:円|えん)(?:くらい|ぐらい|程度|前後)?(?:まで|以内|以下)?(?:の(?:お酒|酒|もの)を)?"
    r"(?:買|飲|選)(?:う|む|ぶ|って|んで|んでいます|っています|んでる|ってる)",
)
COMPARE = _re(
    r"\bvs\.?\b|\bversus\b|\bcompare\b|\bcomparison\b|\bdifference\b|\bdifferent from\b|"
    r"\bdiffer\b|\bwhich is (?:better|drier|sweeter|cheaper)\b|\bor\b",
    r"違い|ちがい|比較|比べ|くらべ|どっち|どちら|違う",
)
SIMILAR = _re(
    r"similar|something like|anything like|sake like|more like|bottles like|ones like|"
    r"along the lines|in the style of|if i (?:like|liked|love|loved|enjoyed)|since i (?:like|liked|"
    r"love|loved)|alternatives? to|instead of|like that one|like this one|"
    r"\bi (?:really |totally )?(?:liked|loved|enjoyed)\b.{1,40}\b(?:what else|anything else)",
    r"みたいな|のような|に似た|に似て|似てる|似ている|っぽい|系の|が好きなら|好きな人|代わり|似た|"
    r"が好き(?:なんだけど|なんですが|なので|だから)[、,]?.{0,12}(?:他に|ほかに|別の)",
)
PAIRING = _re(
    r"go(?:es)? (?:well )?with|pair(?:s|ed|ing)? (?:well )?(?:with)?|match(?:es)? (?:with)?|"
    r"to drink with|drink with|with (?:my|our|the|some)|alongside|serve with|complement|for dinner|"
    r"\bwith\b|\bfor\b",
    r"合う|あう|合わせ|あわせ|ペアリング|一緒に|と飲む|のお供|おつまみ|つまみ|肴|に合|と合|食べる|食事",
)
FOOD_OF_SAKE = _re(
    r"what (?:food|dish|dishes|to eat)|food (?:pairing|goes)|(?:eat|serve) (?:it|with)|pairings?\b",
    r"料理|食べ物|おつまみ|つまみ|肴|合う(?:もの|食)|何に合|なにに合",
)
EXPLAIN = _re(
    r"what(?:'s| is| are| does| do)\b|\bwhats\b|meaning|\bmean\b|\bmeans\b|explain|define|"
    r"definition|difference|\bvs\.?\b|versus|how (?:hot|warm|cold)|what temperature|same as|"
    r"stand for",
    r"とは|って何|ってなに|ってなん|とは何|の意味|意味は|意味を|意味って|どういう|説明|違い|ちがい|"
    r"違う|ちがう|どう違|"
    r"何度|何ですか|なんですか",
)
# "What makes a tokubetsu junmai special?" asks about the word, even with "special" in it.
EXPLAIN_WHY = _re(
    r"\bwhat makes\b|\bwhy (?:is|are|does|do)\b|what'?s special about|how (?:is|are) .{1,30} made",
    r"なぜ|どうして|何が特別|どう造|どうやって造",
)
EXPLAIN_WEAK = _re(
    r"tell me about|\?$",
    r"について教え|教えて|ってどんな|とはどんな|って\?|って？|\?$|？$",
)
BREWERY_WORDS = _re(
    r"\bbrewer(?:y|ies|s)?\b|\bwho (?:makes|brews|made)\b|\bmaker\b|\bproducer\b|\bkura\b|"
    r"\bkuramoto\b|\bsakagura\b",
    r"酒蔵|蔵元|酒造|造り手|メーカー|蔵(?:は|について|の)|作って|造って|つくって",
)
RECOMMEND = _re(
    r"recommend|suggest|looking for|look for|\bwant\b|\bneed\b|find me|\bpicks?\b|what should i|"
    r"\bany (?:good )?(?:sake|ideas|suggestions|recommendations)|what sake|which sake|best sake|"
    r"\bwhat'?s good\b|\bcan you find\b|\bi'?d like\b|\bwould like\b|shopping|\bbuy\b|"
    r"to try|\bpick\b|\b(?:good|best|nice|great|decent|tasty|solid)\s+(?:\w+\s+)?(?:sake|sakes|"
    r"bottles?|ones?|nihonshu|junmai|ginjo|daiginjo|honjozo|choice|picks?|options?)\b|"
    r"what (?:sake|bottle) should|which (?:one|bottle) should|\bchoose\b|\bhelp me (?:find|pick)",
    r"おすすめ|オススメ|お勧め|お薦め|すすめ|勧め|推薦|探して|探し|選んで|選び|欲しい|ほしい|"
    r"飲みたい|買いたい|買うなら|何がいい|どれがいい|知りたい|いい(?:お)?酒|良い(?:お)?酒|紹介|提案|"
    r"買える|選ぶ|飲めばいい|買えばいい|選べばいい|何を飲め|何から飲め|どれを飲め|何を買え|"
    r"飲んでみたい|試したい|おいしい(?:お)?酒|美味しい(?:お)?酒|美味しいやつ|おいしいやつ|"
    r"(?:の|もの|やつ|お酒|酒|本)を?(?:ください|下さい|ちょうだい|頂戴)",
)
RECOMMEND_WEAK = _re(
    r"\bsomething\b|\banything\b|give me|show me|options|\bbottles?\b|\bany\b",
    r"何か(?:ある|ない)|ありますか|ある\?|ない\?|教えて|ある？|ない？",
)
REFINE = _re(
    r"\b(?:more|other|others|another|else|different|cheaper|pricier|sweeter|drier|dryer|"
    r"lighter|richer|next|instead)\b",
    r"もっと|他に|他の|ほかに|ほかの|別の|次の|違うの|さらに|更に|もう少し|もうちょっと|もう一つ|もう1つ|他は",
)
QUESTION = _re(
    r"^(?:how|why|what|when|where|is|are|does|do|can|should|will|who)\b",
    r"なぜ|どうして|どのくらい|どれくらい|いつまで|どうやって|どう(?:すれば|したら)|ですか|ますか",
)
EXPLICIT_LOG = _re(
    r"\b(?:log|record|add|save|journal)\b",
    r"記録|登録|ログ|つけて|付けて|メモ",
)
BUDGET_WORDS = _re(
    r"\bbudget\b|\bspend\b|per bottle|a bottle max",
    r"予算|しか(?:出|だ|払|はら)(?:さ|せ|わ|え)ない|まで(?:なら)?(?:出せ|払え)",
)
MORE_ABOUT = _re(
    r"more about|details|tell me more|about (?:the|that|it)", r"詳しく|くわしく|について"
)
QUESTION_MARK = _re(r"\?", r"？|か。?$|かな")
# Things no sommelier here can do: book a table, order, check the weather.
OUT_OF_SCOPE = _re(
    r"\bbook (?:me |us )?(?:a |an )?(?:table|seat|room|flight|hotel|taxi|reservation)|"
    r"\b(?:make|get) (?:me |us )?a reservation\b|\breserve (?:me |us )?a\b|"
    r"\bweather (?:in|today|tomorrow|forecast|like)\b|what'?s the weather|"
    r"\bcall (?:me )?a (?:taxi|cab)\b",
    r"(?:席|店|お店|レストラン|ホテル|タクシー)を?(?:予約|手配)|予約(?:して|をお願い|できます|したい)|"
    r"天気(?:は|を教|予報|どう)|天気予報",
)
# Someone else's journal by name: "bob's tasting notes", "田中さんの記録".
SOMEONE_ELSES = _re(
    r"\b([a-z]+)'s\s+(?:tasting\s+|sake\s+)?(?:journal|data|history|tastings|ratings|preferences|"
    r"records|logs?|notes|memory|account|favou?rites)\b",
    r"(?:(?<!客)(?<!皆)(?<!みな)(?:さん|くん|ちゃん|様)|友達|友人|家族|彼女|彼氏|妻|夫|父|母|上司|同僚)"
    r"の(?:記録|履歴|日記|データ|評価|飲んだ)",
)
# A short follow-up that narrows the last picks: "any from Kyushu?", "九州なら？".
FOLLOW_UP = _re(
    r"^(?:and |what about|how about|any (?:from|in)\b|anything (?:from|in)\b|ones? from\b)",
    r"^[^\s、。]{1,8}(?:なら|だと|のは)[?？]?$",
)
