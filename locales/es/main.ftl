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
