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
home-elsewhere-connie = Connie, la red de intercambio de información de salud de Connecticut, conecta hospitales, consultorios y laboratorios de todo el estado; sus otros proveedores pueden ver sus expedientes a través de ella.

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
