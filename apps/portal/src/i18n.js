/**
 * English, Spanish and Portuguese. The link's `lang` (from the session's
 * `locale`) wins, else the browser's language; English is the fallback and
 * the key: `t('Endpoints')` is the English text itself.
 */
const ES = {
  Endpoints: 'Endpoints',
  Deliveries: 'Entregas',
  'Dead letters': 'Mensajes fallidos',
  Live: 'En vivo',
  'Event catalog': 'Catálogo de eventos',
  Alerts: 'Alertas',
  Settings: 'Configuración',
  Administrator: 'Administrador',
  'Read-only': 'Solo lectura',
  'Skip to content': 'Ir al contenido',
  'This link has expired': 'Este enlace ha caducado',
  'This link is not valid': 'Este enlace no es válido',
  'Open the webhooks page again from your product to get a new link.':
    'Vuelve a abrir la página de webhooks desde tu producto para obtener un enlace nuevo.',
  'Add endpoint': 'Añadir endpoint',
  'Edit endpoint': 'Editar endpoint',
  Endpoint: 'Endpoint',
  'Endpoint health': 'Salud del endpoint',
  'Send test': 'Enviar prueba',
  'Show secret': 'Mostrar secreto',
  'Hide secret': 'Ocultar secreto',
  'Rotate secret': 'Rotar secreto',
  'Signing secret': 'Secreto de firma',
  'Verify signatures': 'Verificar firmas',
  Health: 'Salud',
  Edit: 'Editar',
  Delete: 'Eliminar',
  Test: 'Prueba',
  Filter: 'Filtrar',
  Messages: 'Mensajes',
  Attempts: 'Intentos',
  Message: 'Mensaje',
  'Payload sent': 'Contenido enviado',
  'Headers sent': 'Cabeceras enviadas',
  Resend: 'Reenviar',
  Recover: 'Recuperar',
  'What happens next': 'Qué pasará ahora',
  'Responses per minute, last 24 hours': 'Respuestas por minuto, últimas 24 horas',
  'Response times, last 30 minutes': 'Tiempos de respuesta, últimos 30 minutos',
  'Error log': 'Registro de errores',
  'No endpoints yet.': 'Aún no hay endpoints.',
  'Create endpoint': 'Crear endpoint',
  Save: 'Guardar',
  Cancel: 'Cancelar',
  'The endpoint is switched off: switch it on to send a test.':
    'El endpoint está apagado: enciéndelo para enviar una prueba.',
  'Count matching (dry run)': 'Contar coincidencias (simulación)',
  Theme: 'Tema',
  'Save theme': 'Guardar tema',
  Loading: 'Cargando',
};

const PT = {
  Endpoints: 'Endpoints',
  Deliveries: 'Entregas',
  'Dead letters': 'Mensagens mortas',
  Live: 'Ao vivo',
  'Event catalog': 'Catálogo de eventos',
  Alerts: 'Alertas',
  Settings: 'Configurações',
  Administrator: 'Administrador',
  'Read-only': 'Somente leitura',
  'Skip to content': 'Ir para o conteúdo',
  'This link has expired': 'Este link expirou',
  'This link is not valid': 'Este link não é válido',
  'Open the webhooks page again from your product to get a new link.':
    'Abra a página de webhooks novamente a partir do seu produto para obter um novo link.',
  'Add endpoint': 'Adicionar endpoint',
  'Edit endpoint': 'Editar endpoint',
  Endpoint: 'Endpoint',
  'Endpoint health': 'Saúde do endpoint',
  'Send test': 'Enviar teste',
  'Show secret': 'Mostrar segredo',
  'Hide secret': 'Ocultar segredo',
  'Rotate secret': 'Rotacionar segredo',
  'Signing secret': 'Segredo de assinatura',
  'Verify signatures': 'Verificar assinaturas',
  Health: 'Saúde',
  Edit: 'Editar',
  Delete: 'Excluir',
  Test: 'Teste',
  Filter: 'Filtrar',
  Messages: 'Mensagens',
  Attempts: 'Tentativas',
  Message: 'Mensagem',
  'Payload sent': 'Conteúdo enviado',
  'Headers sent': 'Cabeçalhos enviados',
  Resend: 'Reenviar',
  Recover: 'Recuperar',
  'What happens next': 'O que acontece a seguir',
  'Responses per minute, last 24 hours': 'Respostas por minuto, últimas 24 horas',
  'Response times, last 30 minutes': 'Tempos de resposta, últimos 30 minutos',
  'Error log': 'Registro de erros',
  'No endpoints yet.': 'Ainda não há endpoints.',
  'Create endpoint': 'Criar endpoint',
  Save: 'Salvar',
  Cancel: 'Cancelar',
  'The endpoint is switched off: switch it on to send a test.':
    'O endpoint está desligado: ligue-o para enviar um teste.',
  'Count matching (dry run)': 'Contar correspondências (simulação)',
  Theme: 'Tema',
  'Save theme': 'Salvar tema',
  Loading: 'Carregando',
};

const DICTIONARIES = { es: ES, pt: PT };

/** `es`, `pt` or `en`, from the link's `lang` or the browser's languages. */
export function chooseLanguage(linkLang, browserLangs) {
  for (const candidate of [linkLang, ...(browserLangs ?? [])]) {
    const code = (candidate ?? '').slice(0, 2).toLowerCase();
    if (code === 'es' || code === 'pt' || code === 'en') return code;
  }
  return 'en';
}

export const language = chooseLanguage(
  new URLSearchParams(location.search).get('lang'),
  navigator.languages,
);

export const t = (text) => DICTIONARIES[language]?.[text] ?? text;
