# The language assistance taglines (45 CFR 92.11), the same on every language's page: each
# in its own language. Machine-checked wording from HHS's sample taglines where one exists;
# every line needs a qualified translator's review before going live (docs/LANGUAGES.md).
tagline-en = ATTENTION: If you speak another language, free language assistance services are available to you. Call { $phone }.
tagline-es = ATENCIÓN: Si habla español, tiene a su disposición servicios gratuitos de asistencia con el idioma. Llame al { $phone }.
tagline-pt = ATENÇÃO: Se fala português, encontram-se disponíveis serviços linguísticos, grátis. Ligue para { $phone }.
tagline-pl = UWAGA: Jeżeli mówisz po polsku, możesz skorzystać z bezpłatnej pomocy językowej. Zadzwoń pod numer { $phone }.
tagline-zh = 注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 { $phone }。
tagline-it = ATTENZIONE: In caso la lingua parlata sia l'italiano, sono disponibili servizi di assistenza linguistica gratuiti. Chiamare il numero { $phone }.
tagline-ht = ATANSYON: Si w pale Kreyòl Ayisyen, gen sèvis èd pou lang ki disponib gratis pou ou. Rele { $phone }.
tagline-fr = ATTENTION : Si vous parlez français, des services d'aide linguistique vous sont proposés gratuitement. Appelez le { $phone }.
tagline-ru = ВНИМАНИЕ: Если вы говорите на русском языке, то вам доступны бесплатные услуги перевода. Звоните { $phone }.
tagline-ar = ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان. اتصل برقم { $phone }.
tagline-vi = CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số { $phone }.
tagline-ko = 주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 있습니다. { $phone } 번으로 전화해 주십시오.
tagline-gu = સુચના: જો તમે ગુજરાતી બોલતા હો, તો નિ:શુલ્ક ભાષા સહાય સેવાઓ તમારા માટે ઉપલબ્ધ છે. ફોન કરો { $phone }.
tagline-hi = ध्यान दें: यदि आप हिंदी बोलते हैं तो आपके लिए मुफ्त में भाषा सहायता सेवाएं उपलब्ध हैं। { $phone } पर कॉल करें।
tagline-sq = KUJDES: Nëse flitni shqip, për ju ka në dispozicion shërbime të asistencës gjuhësore, pa pagesë. Telefononi në { $phone }.
# Each language's own name.
autonym-en = English
autonym-es = Español
autonym-pt = Português
autonym-pl = Polski
autonym-zh = 繁體中文
autonym-it = Italiano
autonym-ht = Kreyòl Ayisyen
autonym-fr = Français
autonym-ru = Русский
autonym-ar = العربية
autonym-vi = Tiếng Việt
autonym-ko = 한국어
autonym-gu = ગુજરાતી
autonym-hi = हिंदी
autonym-sq = Shqip
