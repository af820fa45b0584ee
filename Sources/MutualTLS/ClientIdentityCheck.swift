import Foundation
import NIOSSL
import Payments

/// What is wrong with a client certificate an admin uploads, found before it is stored, so a PSP never sees a
/// handshake we could have known would fail.
public enum ClientIdentityProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case notPEM(String)
    case noCertificate
    case noPrivateKey
    case expired(Date)
    case notYetValid(Date)
    /// The key isn't the one the certificate was issued for.
    case keyMismatch
    case unusable(String)

    public var description: String {
        switch self {
        case .notPEM(let what):
            "the \(what) is not PEM text (-----BEGIN …-----); convert a .p12 with "
                + "`openssl pkcs12 -in cert.p12 -out cert.pem -nodes`"
        case .noCertificate: "no certificate (-----BEGIN CERTIFICATE-----) was given"
        case .noPrivateKey: "no private key (-----BEGIN PRIVATE KEY-----) was given, or more than one"
        case .expired(let date): "the certificate expired on \(date.ISO8601Format())"
        case .notYetValid(let date): "the certificate is valid only from \(date.ISO8601Format())"
        case .keyMismatch: "the private key does not belong to the certificate"
        case .unusable(let cause): "the certificate can't be used for TLS: \(cause)"
        }
    }
}

public enum ClientIdentityCheck {
    /// Reads a certificate chain and key from PEM and checks that they can authenticate us now: parsed, in their
    /// validity period, and a pair.
    public static func check(_ identity: ClientIdentity, now: Date = Date()) throws(ClientIdentityProblem) {
        _ = try configuration(for: identity, now: now)
    }

    /// The TLS configuration that presents `identity`, trusting its roots (else the system's).
    public static func configuration(
        for identity: ClientIdentity, now: Date = Date()
    ) throws(ClientIdentityProblem) -> TLSConfiguration {
        let certificates = try readCertificates(identity.certificateChainPEM, what: "certificate")
        guard let leaf = certificates.first else { throw .noCertificate }
        let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        let notBefore = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
        guard notAfter > now else { throw .expired(notAfter) }
        guard notBefore <= now else { throw .notYetValid(notBefore) }
        guard ClientIdentity.pemBlocks(identity.privateKeyPEM).count == 1 else {
            throw identity.privateKeyPEM.contains("-----BEGIN") ? .noPrivateKey : .notPEM("private key")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem)
        } catch {
            throw .notPEM("private key")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = certificates.map { .certificate($0) }
        configuration.privateKey = .privateKey(key)
        if let roots = identity.trustRootsPEM, !roots.isEmpty {
            configuration.trustRoots = .certificates(try readCertificates(roots, what: "trust roots"))
        }
        // Building a context is what makes BoringSSL compare the key with the certificate: a key that parsed
        // above and fails to load here is another certificate's.
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch NIOSSLError.failedToLoadPrivateKey {
            throw .keyMismatch
        } catch {
            throw .unusable("\(error)")
        }
        return configuration
    }

    static func readCertificates(_ pem: String, what: String) throws(ClientIdentityProblem) -> [NIOSSLCertificate] {
        guard ClientIdentity.pemBlocks(pem).contains(where: { $0.label == "CERTIFICATE" }) else {
            throw pem.contains("-----BEGIN") ? .noCertificate : .notPEM(what)
        }
        do {
            return try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
        } catch {
            throw .notPEM(what)
        }
    }
}
