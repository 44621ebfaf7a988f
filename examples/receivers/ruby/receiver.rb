# A webhook receiver for Herald in Ruby: verifies each delivery's Standard
# Webhooks signature with the `standardwebhooks` gem, de-duplicates on
# webhook-id (delivery is at least once), answers 204, or 400 when the
# signature is wrong.
#
#   bundle install
#   PORT=9000 WEBHOOK_SECRET=whsec_... bundle exec ruby receiver.rb
require 'json'
require 'set'
require 'standardwebhooks'
require 'webrick'

secret = ENV.fetch('WEBHOOK_SECRET') { abort 'set WEBHOOK_SECRET to the endpoint secret (whsec_...)' }
webhook = StandardWebhooks::Webhook.new(secret)
seen = Set.new # use a store with expiry in production

server = WEBrick::HTTPServer.new(Port: Integer(ENV.fetch('PORT', '9000')))
server.mount_proc '/' do |req, res|
  # Verify the raw bytes: re-serialised JSON would not match the signature.
  headers = {
    'webhook-id' => req['webhook-id'],
    'webhook-timestamp' => req['webhook-timestamp'],
    'webhook-signature' => req['webhook-signature']
  }
  begin
    event = webhook.verify(req.body, headers)
  rescue StandardError => e
    puts "rejected: #{e.message}"
    res.status = 400
    next
  end
  id = headers['webhook-id']
  if seen.include?(id)
    puts "duplicate #{id}, ignored"
  else
    seen << id
    puts "verified #{id}: #{JSON.generate(event)}"
  end
  res.status = 204
end
trap('INT') { server.shutdown }
server.start
