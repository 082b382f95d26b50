# Texto para pacientes en español: usted, lenguaje claro. Las reglas de tarifas y las
# declaraciones legales se mantienen exactas. Revisión por un traductor calificado pendiente
# (docs/LANGUAGES.md).

## Page chrome
skip-to-main = Ir al contenido principal
site-tagline = Solicitudes de expedientes médicos
return-to-top = Volver arriba
footer-office-role = Administración de Información de Salud (oficina de expedientes médicos)
footer-contact = { $address } · Teléfono { $phone }
language-switch-label = Idioma
language-help-link = Ayuda con el idioma

## Language assistance notice
notice-title = Ayuda gratuita con el idioma
notice-intro = { $practice } ofrece ayuda gratuita en su idioma: un intérprete por teléfono o en persona, y traducciones escritas de cartas y formularios. También ofrecemos ayudas y servicios gratuitos a personas con discapacidades, como letra grande e intérpretes de lenguaje de señas.
notice-call = Llame a la oficina de expedientes médicos al { $phone } y díganos qué idioma necesita.
notice-rights = Si cree que no le dimos esta ayuda, o que le trataron de manera diferente por su idioma, discapacidad, raza, color, origen nacional, edad o sexo, puede presentar una queja ante nuestra oficina o ante la Oficina de Derechos Civiles del Departamento de Salud y Servicios Humanos de los EE. UU.

## Start page
home-title = Obtenga copias de su expediente médico
home-description = Cómo obtener copias de su expediente médico de { $practice }: resúmenes de visitas gratis en el portal del paciente, un formulario para todo lo demás, tarifas y plazos.
home-intro = Usted tiene derecho a una copia de su expediente médico. Estas son las formas de obtenerla de { $practice }.
home-summaries-heading = Resúmenes de visitas: gratis en el portal del paciente
home-summaries-text = Los resúmenes clínicos de sus visitas se pueden ver y descargar gratis en el portal del paciente, por lo general al instante.
home-create-account = Cree una cuenta en el portal
home-create-account-after = (la vinculamos a usted la primera vez que atendemos una de sus solicitudes) o
home-sign-in = inicie sesión
home-request-heading = Imágenes y otros documentos: envíe una solicitud
home-request-text = Para imágenes de rayos X, resonancia magnética (MRI) o tomografía (CT), notas de consulta, informes de cirugía, resultados de laboratorio o de imágenes y estados de cuenta, llene nuestro formulario de solicitud. Funciona en el teléfono y no necesita una cuenta.
home-request-button = Solicitar expedientes
home-others-heading = Si pide los expedientes de otra persona
home-others-representatives = Padres, tutores, representantes de atención médica y albaceas
home-others-representatives-text = pueden usar el mismo formulario como representante personal.
home-others-third-parties = Abogados, aseguradoras y otros terceros
home-others-third-parties-text = necesitan la autorización HIPAA firmada por el paciente; el formulario la solicita.
home-others-doctors = El consultorio de otro médico
home-others-doctors-text = que pide expedientes para la continuidad de la atención también usa el formulario, y nunca se le cobra.
home-fees-heading = Tarifas
home-fees-caption = Lo que cuestan las copias (Estatutos Generales de Connecticut 20-7c)
home-fees-what = Qué
home-fees-fee = Tarifa
home-fee-portal = Resúmenes de visitas y otras descargas del portal
home-fee-free = Gratis
home-fee-patient-documents = Documentos en papel o electrónicos, para pacientes y sus representantes
home-fee-per-page-capped = { $per_page } por página, como máximo { $cap } en total
home-fee-third-party-documents = Documentos para abogados, aseguradoras y otros terceros
home-fee-per-page = { $per_page } por página
home-fee-images-link = Imágenes por enlace seguro por correo electrónico
home-fee-per-request = { $fee } por solicitud
home-fee-images-cd = Imágenes en CD por correo postal
home-fee-continuing-care = Expedientes enviados a otro médico para la continuidad de la atención
home-fee-ssa = Expedientes para una solicitud o apelación de incapacidad del Seguro Social, con documentación de la solicitud
home-fees-includes = La tarifa por página incluye la búsqueda, la preparación y el franqueo de primera clase. Nunca cobramos a los pacientes por buscar o revisar sus expedientes.
home-fees-before = Usted ve la tarifa antes de enviar su solicitud, y le enviamos una factura antes de entregar expedientes que tengan un costo.
home-times-heading = Cuánto tarda
home-times-caption = Plazos una vez que la solicitud está completa (y pagada, si tiene costo)
home-times-delivery = Entrega
home-times-within = Por lo general, dentro de
home-times-portal = Descarga en el portal
home-times-portal-when = Al instante para resúmenes de visitas; de 2 a 3 días hábiles para otros documentos
home-times-link = Enlace seguro por correo electrónico
home-times-2-3 = 2 a 3 días hábiles
home-times-fax = Fax, o directamente al consultorio de otro médico
home-times-mail = CD o papel por correo postal
home-times-3-5 = 3 a 5 días hábiles
home-times-law = Por ley, respondemos dentro de los 30 días de recibir su solicitud. Si necesitamos más tiempo, le diremos por escrito por qué y cuándo puede esperar sus expedientes.
home-elsewhere-heading = Otros lugares donde pueden estar sus expedientes
home-elsewhere-dph = El Departamento de Salud Pública de Connecticut recomienda preguntar en:
home-elsewhere-physician = el consultorio del médico que le atendió;
home-elsewhere-hospital = el hospital al que está afiliado el médico, para los exámenes y cirugías que se hicieron allí;
home-elsewhere-health-director = el director de salud local, si un consultorio cerró.
home-elsewhere-connie = Connie, la red de intercambio de información de salud de Connecticut, administrada con la Oficina de Estrategia de Salud, conecta hospitales, consultorios y laboratorios de todo el estado, así que sus otros proveedores pueden ver sus expedientes a través de ella; su sitio explica qué comparte, cómo ver quién consultó sus datos y cómo excluirse.

## Apps
apps-heading = Use una aplicación en su teléfono
apps-none = Las aplicaciones pueden leer sus resúmenes de visitas y los expedientes que entregamos en su portal a través de nuestra API de acceso para pacientes (FHIR), pero todavía no hay ninguna aplicación registrada con nosotros. Pregunte a la oficina de expedientes médicos al { $phone } si hay alguna que quiera usar.
apps-some = Estas aplicaciones pueden leer sus resúmenes de visitas y los expedientes que entregamos en su portal, una vez que usted inicie sesión y les dé permiso:
apps-how = En la aplicación, elija conectar un expediente de salud y, si le pide la dirección de nuestro servidor FHIR, escriba
apps-after = La aplicación le lleva a nuestra página de inicio de sesión; después de iniciar sesión le preguntamos si quiere darle permiso, y puede desconectarla cuando quiera en
apps-connected-link = Aplicaciones conectadas

## Error pages
error-not-found-title = No encontramos la página
error-not-found-text = No pudimos encontrar esa página. Si siguió un enlace de un correo electrónico, es posible que haya vencido.
error-forbidden-title = No permitido
error-forbidden-text = Su cuenta no tiene permiso para esta página o acción.
error-sign-in-title = Inicie sesión
error-sign-in-text = Inicie sesión para continuar.
error-bad-request-title = No pudimos leer el formulario
error-bad-request-text = Su navegador envió algo que no pudimos leer. No se guardó nada. Regrese e inténtelo de nuevo.
error-too-large-title = Demasiado grande para enviar
error-too-large-text = Lo que envió es más grande de lo que aceptamos. No se guardó nada. Regrese, elija archivos más pequeños e inténtelo de nuevo.
error-csrf-title = Inténtelo de nuevo
error-csrf-text = Por su seguridad, no pudimos aceptar este formulario. Regrese, vuelva a cargar la página y envíelo otra vez.
error-rate-limited-title = Demasiadas solicitudes
error-rate-limited-text = Recibimos muchas solicitudes desde su conexión. Espere unos minutos e inténtelo de nuevo, o llame a la oficina de expedientes médicos.
error-busy-title = Ocupado: inténtelo de nuevo
error-busy-text = Muchas personas están usando el servicio en este momento. No se guardó nada de lo que envió. Inténtelo de nuevo en unos segundos.
error-no-space-title = No podemos guardar archivos ahora
error-no-space-text = En este momento no podemos guardar archivos. No se guardó nada de lo que envió. Inténtelo más tarde, o llame a la oficina de expedientes médicos.
error-unavailable-title = No disponible por el momento
error-unavailable-text = El servicio está ocupado o no disponible por un momento. No se guardó nada de lo que envió. Inténtelo de nuevo en un minuto.
error-internal-title = Algo salió mal
error-internal-text = Lo sentimos, algo salió mal de nuestro lado. No se guardó nada de lo que envió. Inténtelo de nuevo, o llame a la oficina de expedientes médicos.
error-call = ¿Preguntas? Llame a la oficina de expedientes médicos al { $phone }.
error-start-page = Ir a la página de inicio

## Choices (the English labels are the Rust enums' own; ids are <Kind>-<code>)
RequesterType-self = El paciente (yo mismo)
RequesterType-representative = Un representante personal del paciente (padre o madre, tutor, representante de atención médica, albacea)
RequesterType-third_party = Un abogado, una aseguradora u otro tercero, con la autorización del paciente
RequesterType-provider = El consultorio de otro médico o un centro de salud, para la continuidad de la atención
Purpose-individual = A petición de la persona
Purpose-continuing_care = Continuidad de la atención
Purpose-legal = Legal
Purpose-insurance = Seguro
Purpose-social_security = Solicitud o apelación de incapacidad del Seguro Social
Purpose-other = Otro
DeliveryMethod-portal = Descarga en el portal del paciente
DeliveryMethod-secure_link = Enlace seguro por correo electrónico (vence a los 30 días)
DeliveryMethod-mail = Correo postal (copias en papel; imágenes en CD)
DeliveryMethod-fax = Fax (solo documentos)
DeliveryMethod-provider = Directamente al consultorio de otro médico
RecordKind-visit_summary = Resúmenes clínicos de visitas
RecordKind-visit_notes = Notas de consulta y de visitas
RecordKind-operative_reports = Informes de cirugía
RecordKind-xray_images = Imágenes de rayos X
RecordKind-mri_images = Imágenes de resonancia magnética (MRI)
RecordKind-ct_images = Imágenes de tomografía (CT)
RecordKind-imaging_reports = Informes de imágenes (lecturas de MRI, rayos X y CT)
RecordKind-lab_reports = Resultados de laboratorio
RecordKind-billing_statements = Estados de cuenta
RecordKind-other = Otra cosa (descríbala abajo)
SensitiveCategory-psychotherapy = Notas de psicoterapia
SensitiveCategory-substance_use = Expedientes de tratamiento por trastornos por consumo de sustancias (42 CFR Parte 2)
SensitiveCategory-hiv = Información relacionada con el VIH (CGS 19a-583)
Statement-true_information = La información que di es verdadera, y soy el paciente o tengo la autoridad para actuar en nombre del paciente.
Statement-electronic_signature = Acepto que escribir mi nombre abajo es mi firma electrónica.
Statement-right_to_revoke = Puedo revocar esta autorización en cualquier momento por escrito a la oficina de expedientes médicos, excepto en la medida en que ya se haya actuado con base en ella.
Statement-no_conditioning = Mi tratamiento, pago, inscripción o elegibilidad para beneficios no dependen de que yo firme esta autorización.
Statement-redisclosure = La información divulgada con esta autorización puede ser divulgada de nuevo por quien la reciba y puede dejar de estar protegida por la ley federal de privacidad.

## The request form
form-error-prefix = Error:
form-title = Solicite copias de su expediente médico
form-intro = Conteste las preguntas de abajo. Toma unos 10 minutos. No necesita una cuenta. Después verá un resumen y la tarifa antes de enviar nada.
form-requester-legend = ¿Quién pide los expedientes?
form-about-you = Sobre usted, si no es el paciente
form-about-you-skip = Omita esta parte si usted es el paciente.
form-requester-name = Su nombre completo
form-requester-organization = Bufete de abogados, empresa o consultorio médico
form-requester-organization-hint = Obligatorio para consultorios médicos
form-requester-email = Su correo electrónico
form-requester-email-hint = Aquí le enviamos la confirmación y las novedades.
form-requester-phone = Su número de teléfono (opcional)
form-about-patient = Sobre el paciente
form-patient-name = Nombre legal completo del paciente
form-patient-name-hint = Como aparece en una identificación con foto
form-former-names = Otros nombres que usó el paciente (opcional)
form-former-names-hint = Por ejemplo, un apellido de soltera
form-dob = Fecha de nacimiento del paciente
form-dob-hint = Por ejemplo: 4 28 1986 (mes, día, año)
form-month = Mes
form-day = Día
form-year = Año
form-patient-phone = Teléfono del paciente (opcional)
form-patient-email = Correo electrónico del paciente
form-patient-email-hint = Obligatorio si usted es el paciente: aquí le enviamos la confirmación y las novedades. Terceros: aquí el paciente recibe la autorización para firmar.
form-patient-address = Dirección postal del paciente (opcional)
form-patient-address-hint = Nos ayuda a encontrar los expedientes
form-kinds = ¿Qué expedientes necesita?
form-kinds-hint = Elija todos los que correspondan. Los resúmenes de visitas también son gratis en el portal del paciente.
form-kinds-other = Otros expedientes (si eligió “Otra cosa”)
form-dates = ¿De qué fechas?
form-dates-all = Todos los expedientes
form-dates-between = Citas entre estas fechas (aproximadas está bien)
form-dates-from = Desde
form-dates-from-hint = Déjelo vacío para “desde la primera visita”
form-dates-to = Hasta
form-dates-to-hint = Déjelo vacío para “hasta hoy”
form-sensitive = Expedientes confidenciales
form-sensitive-text = Estos expedientes no se incluyen a menos que los pida y dé un consentimiento aparte. Terceros: elijan solo “Incluir”; el paciente da el consentimiento al firmar.
form-include = Incluir estos expedientes
form-hiv-notice = Aviso (CGS 19a-585):
form-delivery = ¿Cómo le enviamos los expedientes?
form-delivery-hint = La descarga en el portal es gratis. Las imágenes se pueden enviar por enlace seguro, en CD por correo o a otro médico.
form-delivery-email = Correo electrónico para el enlace seguro (opcional)
form-delivery-email-hint = Si lo deja vacío, usamos el correo electrónico de arriba. Para un consultorio médico: el correo del propio consultorio; nunca enviamos sus expedientes a nadie más.
form-delivery-address = Dirección postal para los expedientes
form-delivery-address-hint = Obligatoria para correo postal, y para un consultorio médico sin fax ni correo electrónico.
form-delivery-fax = Número de fax
form-delivery-fax-hint = Obligatorio para fax. Para un consultorio médico, su número de fax si lo sabe.
form-provider = Consultorio médico que debe recibir los expedientes
form-provider-hint = Obligatorio si los enviamos directamente al consultorio de otro médico.
form-purpose = ¿Para qué necesita los expedientes?
form-purpose-other = Describa el propósito (si eligió “Otro”)
form-ssa-hint = Para una solicitud de incapacidad del Seguro Social, no hay costo si adjunta documentación de la solicitud en la página siguiente.
form-authorization = Autorización y firma
form-third-party-legend = Solo para abogados, aseguradoras y otros terceros
form-third-party-text = Entregamos expedientes a un tercero solo con una autorización firmada por el paciente (o por su representante personal) (HIPAA, 45 CFR 164.508). Usted no puede firmarla en nombre del paciente. La autorización nos permite divulgarle los expedientes descritos arriba para el propósito elegido arriba.
form-auth-expires = La autorización vence el
form-auth-expires-hint = Una fecha futura
form-auth-event = O termina con este evento
form-auth-event-hint = Por ejemplo: el final del litigio
form-signed-by = ¿Cómo firmará el paciente?
form-signed-by-hint = Los expedientes confidenciales de arriba se entregan solo si el paciente también da el consentimiento aparte al firmar.
form-signed-online = Enviar al paciente por correo electrónico un enlace para leerla y firmarla en línea
form-signed-online-hint = Usamos el correo electrónico del paciente de arriba. El paciente confirma su fecha de nacimiento y firma; empezamos cuando lo haya hecho.
form-signed-paper = El paciente firmó una autorización en papel: la adjuntaré en la página siguiente
form-signed-paper-hint = Nuestro personal revisa cada elemento que exige HIPAA antes de empezar.
form-sign-here = Pacientes, representantes personales y consultorios médicos: firmen aquí
form-signature = Escriba su nombre completo para firmar
form-signature-hint = Firma el paciente, o una persona con autoridad para actuar en su nombre.
form-authority = Si usted no es el paciente: su autoridad para actuar en nombre del paciente
form-authority-hint = Por ejemplo: padre o madre de un menor, tutor legal, representante de atención médica, albacea
form-estimate = Tarifa estimada
form-continue = Continuar para revisar

## Legal wording (the English lives in Rust beside the rule it serves)
SensitiveConsent-psychotherapy = Autorizo específicamente la entrega de las notas de psicoterapia.
SensitiveConsent-substance_use = Doy mi consentimiento específico para la entrega de los expedientes de tratamiento por trastornos por consumo de sustancias protegidos por 42 CFR Parte 2.
SensitiveConsent-hiv = Doy mi consentimiento específico para la entrega de información relacionada con el VIH, y he leído el aviso de abajo.
Notice-hiv-redisclosure = Esta información se le ha divulgado a partir de expedientes cuya confidencialidad está protegida por la ley estatal. La ley estatal le prohíbe divulgarla nuevamente sin el consentimiento específico por escrito de la persona a quien se refiere, o según lo permita dicha ley de otro modo. Una autorización general para la entrega de información médica o de otro tipo NO es suficiente para este propósito.

## Form errors
errors-heading = { $count ->
    [one] Hay un problema con sus respuestas
   *[other] Hay { $count } problemas con sus respuestas
}

## Validation messages (the English is in the form's rules; ids are m-<the English as a slug>)
m-choose-from-the-listed-kinds-of-records = Elija entre los tipos de expedientes de la lista
m-choose-at-least-one-kind-of-record = Elija al menos un tipo de expediente
m-enter-at-least-one-of-the-dates-or-choose-all-records = Escriba al menos una de las fechas, o elija todos los expedientes
m-the-end-date-must-be-on-or-after-the-start-date = La fecha final debe ser igual o posterior a la fecha inicial
m-choose-all-records-or-a-range-of-dates = Elija todos los expedientes o un rango de fechas
m-this-date-must-be-today-or-in-the-past = Esta fecha debe ser hoy o en el pasado
m-this-date-must-be-after-1900 = Esta fecha debe ser posterior a 1900
m-this-must-be-a-real-date-like-2024-03-15 = Debe ser una fecha real, como 2024-03-15
m-choose-how-you-want-to-receive-the-records = Elija cómo quiere recibir los expedientes
m-images-cannot-be-faxed-choose-a-secure-email-link-a-cd-by-mail-or-delivery-to-a-doctors-office = Las imágenes no se pueden enviar por fax; elija un enlace seguro por correo electrónico, un CD por correo o la entrega a un consultorio médico
m-images-are-not-available-in-the-portal-choose-a-secure-email-link-a-cd-by-mail-or-delivery-to-a-doctors-office = Las imágenes no están disponibles en el portal; elija un enlace seguro por correo electrónico, un CD por correo o la entrega a un consultorio médico
m-only-patients-can-receive-records-in-the-patient-portal = Solo los pacientes pueden recibir expedientes en el portal del paciente
m-enter-the-mailing-address-for-the-records = Escriba la dirección postal para los expedientes
m-enter-the-fax-number = Escriba el número de fax
m-enter-the-name-of-the-doctors-office-that-should-receive-the-records = Escriba el nombre del consultorio médico que debe recibir los expedientes
m-enter-the-offices-fax-number-email-or-mailing-address = Escriba el fax, el correo electrónico o la dirección postal del consultorio
m-choose-how-the-patient-will-sign-the-authorization = Elija cómo firmará el paciente la autorización
m-give-this-separate-consent-or-leave-these-records-out = Dé este consentimiento aparte, o no incluya estos expedientes
m-check-this-box-to-agree-to-the-statement = Marque esta casilla para aceptar la declaración
m-type-your-full-name-to-sign = Escriba su nombre completo para firmar
m-the-signature-is-not-the-patients-name-describe-your-authority-to-act-for-the-patient-for-example-parent-of-a-minor-or-health-care-agent = La firma no es el nombre del paciente: describa su autoridad para actuar en nombre del paciente (por ejemplo, padre o madre de un menor, o representante de atención médica)
m-the-authorizations-expiration-date-must-be-in-the-future = La fecha de vencimiento de la autorización debe ser futura
m-this-must-be-a-real-date-like-2027-03-15 = Debe ser una fecha real, como 2027-03-15
m-enter-the-date-this-authorization-expires-or-the-event-that-ends-it = Escriba la fecha en que vence esta autorización, o el evento que la termina
m-enter-the-patients-date-of-birth = Escriba la fecha de nacimiento del paciente
m-choose-who-is-asking-for-the-records = Elija quién pide los expedientes
m-enter-your-full-name = Escriba su nombre completo
m-enter-the-name-of-your-office-or-facility = Escriba el nombre de su consultorio o centro
m-enter-your-email-address-so-we-can-send-you-updates = Escriba su correo electrónico, para poder enviarle novedades
m-enter-the-patients-full-legal-name = Escriba el nombre legal completo del paciente
m-enter-the-patients-email-address-we-send-the-authorization-there-for-the-patient-to-sign = Escriba el correo electrónico del paciente: allí enviamos la autorización para que el paciente la firme
m-this-is-your-own-email-address-enter-the-patients-so-that-the-patient-signs = Este es su propio correo electrónico: escriba el del paciente, para que el paciente firme
m-describe-the-other-records-you-need = Describa los otros expedientes que necesita
m-choose-the-purpose-of-the-request = Elija el propósito de la solicitud
m-requests-from-a-providers-office-are-for-continuing-care-choose-continuing-care-or-file-as-a-third-party = Las solicitudes de un consultorio médico son para la continuidad de la atención; elija “Continuidad de la atención”, o preséntela como tercero
m-describe-the-purpose = Describa el propósito
m-please-check-your-answers-and-send-the-form-again = Revise sus respuestas y envíe el formulario otra vez
m-this-is-too-long = Es demasiado largo
m-this-contains-characters-we-cannot-accept = Contiene caracteres que no podemos aceptar
m-this-is-empty = Está vacío
m-this-must-contain-letters = Debe contener letras
m-this-is-not-an-email-address = No es un correo electrónico
m-this-is-not-an-email-address-like-name-example-com = No es un correo electrónico, como nombre@ejemplo.com
m-this-must-be-a-phone-number-like-203-555-0123 = Debe ser un número de teléfono, como (203) 555-0123
m-this-must-have-10-digits-like-203-555-0123 = Debe tener 10 dígitos, como (203) 555-0123
m-date-of-birth-must-be-a-real-date-for-example-4-28-1986 = La fecha de nacimiento debe ser una fecha real, por ejemplo 4 28 1986
m-date-of-birth-must-be-in-the-past = La fecha de nacimiento debe ser en el pasado
m-date-of-birth-must-be-after-1900 = La fecha de nacimiento debe ser posterior a 1900
m-check-the-box-to-confirm-that-the-information-is-true = Marque la casilla para confirmar que la información es verdadera
m-check-the-box-to-agree-that-your-typed-name-is-your-signature = Marque la casilla para aceptar que su nombre escrito es su firma
m-check-the-box-to-confirm-you-read-that-you-may-revoke-the-authorization = Marque la casilla para confirmar que leyó que puede revocar la autorización
m-check-the-box-to-confirm-you-read-that-your-care-does-not-depend-on-signing = Marque la casilla para confirmar que leyó que su atención no depende de firmar
m-check-the-box-to-confirm-you-read-that-the-recipient-may-disclose-the-records-again = Marque la casilla para confirmar que leyó que quien reciba los expedientes puede volver a divulgarlos

## Dates
date-long = { $weekday }, { $day } de { $month } de { $year }
date-medium = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo

## Review
review-title = Revise su solicitud
review-intro = Todavía no se ha enviado nada. Revise sus respuestas, adjunte los documentos y luego envíe la solicitud.
review-who = Quién pide
review-your-name = Su nombre
review-patient = Paciente
review-patient-born = { $name }, nacido/a el { $born }
review-records = Expedientes
review-dates = Fechas
review-sensitive-consented = Expedientes confidenciales incluidos, con su consentimiento
review-sensitive-if = Expedientes confidenciales incluidos, si el paciente da su consentimiento
review-delivery = Entrega
review-purpose = Propósito
review-updates = Las novedades se envían a
review-signed-by = Firmado por
review-estimate = Tarifa estimada
review-documents = Documentos
review-files-again = Por su seguridad, los archivos no se guardan cuando un formulario regresa: elíjalos de nuevo.
review-file-types = PDF, JPEG o PNG, de hasta { $mb } MB cada uno.
review-ssa = Documentación de la solicitud o apelación de incapacidad del Seguro Social
review-ssa-hint = Obligatoria para una solicitud sin costo (CGS 20-7c), por ejemplo la carta del Seguro Social.
review-paper-auth = La autorización que firmó el paciente
review-paper-auth-hint = Obligatoria: un escaneo o una foto de cada página. Nuestro personal revisa cada elemento que pide HIPAA antes de empezar.
review-auth-optional = Un formulario de autorización firmado (opcional)
review-auth-optional-hint = Si tiene uno firmado en papel, por ejemplo un poder para atención médica o documentos de tutela.
review-id-photo = Una foto de una identificación con foto (opcional)
review-id-photo-hint = Puede acelerar la verificación de su identidad. De todos modos comparamos sus respuestas con nuestros registros.
review-send = Enviar solicitud
review-edit = Cambiar mis respuestas
review-dates-between = Del { $from } al { $to }
review-dates-from = Desde el { $from }
review-dates-to = Hasta el { $to }
review-signed-online-to = El paciente, en línea: enviamos a { $email } un enlace para leer y firmar la autorización
review-signed-online = El paciente, en línea
review-signed-paper = El paciente, en papel: adjunte abajo la autorización firmada

## Fees on the review page
quote-per-page = { $unit } por página
quote-per-page-capped = { $unit } por página, como máximo { $cap }
quote-depends = depende del número de páginas
quote-at-most = como máximo { $max }
quote-depends-on-pages = El monto exacto depende del número de páginas; le enviaremos una factura antes de entregar los expedientes.
quote-will-count = Contaremos las páginas y le enviaremos una factura antes de entregar los expedientes.
quote-no-charge = Sin costo.
quote-item = Concepto
quote-details = Detalles
quote-amount = Monto
quote-total = Total
quote-by-item = { $title }, por concepto
quote-law = La ley de Connecticut fija estas tarifas. Nunca cobramos por buscar, obtener o verificar la solicitud de un paciente.
Rule-documents_per_page = Copias de documentos
Rule-images_secure_link = Imágenes por enlace seguro por correo electrónico
Rule-images_cd = Imágenes en CD por correo postal
Rule-images_to_provider = Imágenes enviadas a un proveedor
Rule-images_portal = Imágenes en el portal del paciente
Exemption-continuing_care = sin costo para la continuidad de la atención
Exemption-social_security = sin costo para una solicitud de incapacidad del Seguro Social (CGS 20-7c)
Exemption-portal = sin costo para las descargas del portal
m-portal-download = descarga en el portal
m-secure-email-link = enlace seguro por correo electrónico
m-us-mail = correo postal
m-fax = fax
m-directly-to-a-provider = directamente a un proveedor

## Confirmation
confirm-title = Solicitud recibida
confirm-heading = Gracias: recibimos su solicitud
confirm-reference = Su número de referencia es
confirm-keep = Guárdelo, por favor.
confirm-next = Qué pasa ahora
confirm-step1 = Revisamos la solicitud
confirm-step1-text = Nuestro personal compara los datos del paciente con nuestros registros y revisa la autorización.
confirm-step2 = Le preguntamos si falta algo
confirm-step2-text = Si necesitamos más información, le escribimos por correo electrónico y usted responde desde su enlace de seguimiento.
confirm-step3 = Le enviamos los expedientes
confirm-step3-text = Si hay un costo, primero le enviamos una factura. Después le enviamos los expedientes de la forma que eligió.
confirm-when = Cuándo
confirm-by = Si no falta nada: a más tardar el
confirm-mail-days = (el correo tarda de 3 a 5 días hábiles)
confirm-days = (de 2 a 3 días hábiles)
confirm-law = Por ley respondemos a más tardar el
confirm-30-days = (30 días a partir de hoy).
confirm-email = Le estamos enviando un correo electrónico de confirmación con un enlace privado para seguir su solicitud a
confirm-spam = Si no le llega en una hora, revise su carpeta de correo no deseado o llame al { $phone }.
confirm-back = Volver a la página de inicio

## The form's live estimate (request-form.js puts the amount at {})
estimate-image-note = Las imágenes no se pueden enviar por fax ni por el portal. Elija otra forma de enviarlas.
estimate-total = Tarifa estimada: { "{}" }.
estimate-at-most = Como máximo { "{}" }. El monto exacto depende del número de páginas.
estimate-per-page = { "{}" } por página, más cualquier tarifa por imágenes. Contamos las páginas y le enviamos una factura primero.
estimate-details = Verá los detalles en la página siguiente.
m-you-are-signed-in-to-the-patient-portal-your-details-are-filled-in-and-the-request-will-appear-in-your-portal = Inició sesión en el portal del paciente: sus datos ya están escritos y la solicitud aparecerá en su portal.
m-for-your-security-please-check-your-answers-and-press-continue-again = Por su seguridad, revise sus respuestas y presione Continuar otra vez.

## The confirmation email
email-received-subject = Recibimos su solicitud de expedientes { $reference }
email-hello = Hola:
email-received-intro = { $practice } recibió su solicitud de copias de su expediente médico.
email-reference = Número de referencia:
email-follow = Siga su solicitud
email-follow-private = (un enlace privado: no lo comparta).
email-follow-text = Siga su solicitud en este enlace privado (no lo comparta):
email-next = Qué pasa ahora
email-next-signature = Enviamos al paciente un enlace para leer y firmar la autorización. Empezamos cuando el paciente la haya firmado.
email-next-check = Nuestro personal revisa la solicitud y la identidad del paciente.
email-next-missing = Si falta algo, le escribiremos por correo electrónico y podrá responder desde el enlace de arriba.
email-next-fee = Si hay un costo, le enviaremos una factura antes de entregar los expedientes.
email-when = Cuándo esperar los expedientes: a más tardar el { $target } si no falta nada. Por ley respondemos a más tardar el { $deadline }.
email-questions = ¿Preguntas? Llame a la oficina de expedientes médicos al { $phone } y dé su número de referencia.
email-not-you = Si usted no hizo esta solicitud, llámenos, por favor.
email-language-help = Ayuda gratuita con el idioma:

## Start page: where else, and third parties
home-elsewhere-dph-link = El Departamento de Salud Pública sobre el acceso a los expedientes médicos
home-elsewhere-connie-link = Connie: lo que hace por los pacientes
home-elsewhere-law = Para consultar las leyes, las bibliotecas jurídicas del Poder Judicial mantienen una guía sobre las leyes de atención médica de Connecticut.
home-elsewhere-law-link = Guía de leyes de atención médica (bibliotecas jurídicas del Poder Judicial de Connecticut)
home-third-party-heading = Preguntas de abogados, aseguradoras y otros terceros
home-third-party-text = Los terceros con preguntas sobre una solicitud, una autorización o una factura pueden comunicarse con:
home-third-party-default-name = Nuestra oficina de expedientes médicos
home-third-party-phone = Teléfono { $phone }
home-third-party-default-hours = De lunes a viernes, de 8:30 a. m. a 4:30 p. m., excepto días feriados

## Tracking page
track-title = Solicitud { $reference }
track-heading = Su solicitud de expedientes
track-reference = Número de referencia
track-status = Estado: { $status }
track-received = Recibida
track-expected = Fecha esperada, si no falta nada
track-by = a más tardar el { $date }
track-deadline = Plazo legal para nuestra respuesta
track-records = Expedientes solicitados
track-invoice = Factura { $number }
track-balance = Saldo pendiente:
track-paid = Pagada: no se debe nada más.
track-total = Total { $total }.
track-view-invoice = Ver e imprimir la factura
track-invoice-pdf = Descargarla en PDF
track-letter = Leer nuestra carta
track-messages = Mensajes
track-answer = Su respuesta
track-answer-hint = Responda a nuestro mensaje de arriba. Si le pedimos un documento, también puede enviarlo por correo o por fax.
track-send-answer = Enviar mi respuesta
track-disclosures = Con quién hemos compartido los expedientes del paciente (el registro de divulgaciones)
track-history = Historial
revoke-done-after = Ya no se envía nada más con ella.
revoke-done = La autorización se revocó el { $date }.
revoke-summary = Revocar la autorización
revoke-text = A partir de ahora no enviamos nada más con ella. Los expedientes ya enviados quedan en manos de quien los recibió.
timeline-records-office = Oficina de expedientes médicos
timeline-you = Usted

## Statuses as requesters read them (English in domain/workflow.rs)
StatusPublic-awaiting_authorization = Esperando la firma del paciente
StatusHelp-awaiting_authorization = Enviamos al paciente un enlace para leer y firmar la autorización. Empezamos con la solicitud cuando el paciente la haya firmado.
StatusPublic-received = Recibida
StatusHelp-received = Tenemos su solicitud y pronto empezaremos a revisarla.
StatusPublic-verifying = En revisión
StatusHelp-verifying = Nuestro personal está revisando la solicitud y la identidad del paciente.
StatusPublic-needs_info = Necesitamos más información
StatusHelp-needs_info = Lea nuestro correo electrónico y responda desde esta página o llámenos.
StatusPublic-in_fulfillment = En preparación
StatusHelp-in_fulfillment = Estamos reuniendo y copiando los expedientes.
StatusPublic-awaiting_payment = Esperando el pago
StatusHelp-awaiting_payment = Le enviamos una factura. Entregamos los expedientes cuando esté pagada.
StatusPublic-ready_to_release = Lista para enviar
StatusHelp-ready_to_release = Los expedientes están listos y se enviarán pronto.
StatusPublic-released = Enviada
StatusHelp-released = Los expedientes se enviaron de la forma que eligió.
StatusPublic-completed = Completada
StatusHelp-completed = Los expedientes fueron entregados.
StatusPublic-denied = Denegada
StatusHelp-denied = Le enviamos una carta que explica por qué y cómo pedir una revisión.
StatusPublic-withdrawn = Retirada
StatusHelp-withdrawn = La solicitud se retiró.
m-write-your-answer-up-to-5-000-characters-letters-and-punctuation-only = Escriba su respuesta (hasta 5,000 caracteres, solo letras y signos de puntuación).
m-we-are-not-waiting-for-an-answer-on-this-request-any-more-if-you-have-something-to-add-please-call-us = Ya no esperamos una respuesta para esta solicitud. Si tiene algo que agregar, llámenos, por favor.
m-this-authorization-cannot-be-revoked-from-this-page-please-call-us = Esta autorización no se puede revocar desde esta página. Llámenos, por favor.

## Secure download
download-title = Descargue sus expedientes
download-suspended = Este enlace está suspendido
download-suspended-text = Se escribieron demasiadas fechas de nacimiento equivocadas, así que detuvimos el enlace para proteger la privacidad de los expedientes. Llame a la oficina de expedientes médicos al { $phone } y le enviaremos uno nuevo.
download-gone = Este enlace ya no funciona
download-gone-text = Venció, llegó a su límite de descargas o se retiró. Llame a la oficina de expedientes médicos al { $phone } y le enviaremos uno nuevo.
download-intro = Para proteger la privacidad de los expedientes si este enlace llegó a otra persona, pedimos la fecha de nacimiento del paciente antes de empezar la descarga.
download-checking = Revisando la fecha de nacimiento...
download-started = La fecha de nacimiento es correcta: su descarga empezó. Busque el archivo en sus descargas.
download-files = Archivos
download-file = Descargar el archivo { $number }
download-wrong = Esa fecha de nacimiento no coincide con nuestros registros. Revísela e inténtelo de nuevo.
download-choose = Elija un archivo para descargar.
download-wrong-resting = { $minutes ->
    [one] Esa fecha de nacimiento no coincide con nuestros registros. Después de demasiadas respuestas equivocadas el enlace descansa: inténtelo de nuevo en 1 minuto, o llámenos.
   *[other] Esa fecha de nacimiento no coincide con nuestros registros. Después de demasiadas respuestas equivocadas el enlace descansa: inténtelo de nuevo en { $minutes } minutos, o llámenos.
}
download-resting = { $minutes ->
    [one] Demasiadas fechas de nacimiento equivocadas. Inténtelo de nuevo en 1 minuto, o llámenos.
   *[other] Demasiadas fechas de nacimiento equivocadas. Inténtelo de nuevo en { $minutes } minutos, o llámenos.
}
m-pdf = PDF
m-image = imagen
m-dicom-image = imagen DICOM
m-zip-archive = archivo zip
m-file = archivo
