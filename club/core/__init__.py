"""The ground floor: what every domain app builds on, and which imports none of them.

Accounts and MFA, audit, the notification engine, the GDPR registry, submissions kept on
failure, throttling, cache, charts, the API kernel and shared helpers. What the ground floor
must know of the domain (who holds which power, which notification kinds exist, which personal
data an app keeps) is a registry that the apps fill from their `AppConfig.ready()`.
"""
