"""Open Badges 3.0 credentials: issuing, signing (VC-JWT, Ed25519), revocation, the public
verification page, and the portable portfolio (JSON Resume and the credentials bundle).

docs/credentials.md tells a third party how to verify a credential with standard tools.
"""
