#include "ssh/SshKeyPair.h"

#include <libssh/libssh.h>

#include <memory>

namespace ib::ssh {

namespace {

struct KeyDeleter
{
    void operator()(ssh_key key) const { ssh_key_free(key); }
};

struct CharDeleter
{
    void operator()(char *text) const { ssh_string_free_char(text); }
};

SshError keyError(const QString &what)
{
    return SshError::make(SshErrorKind::Internal,
                          QStringLiteral("Cannot %1 with libssh; check that libssh was built with ed25519 support.").arg(what));
}

}  // namespace

SshKeyPair::SshKeyPair(QString publicKey, QByteArray privateKeyPem)
    : m_publicKey(std::move(publicKey))
    , m_privateKeyPem(std::move(privateKeyPem))
{}

Result<SshKeyPair, SshError> SshKeyPair::generateEd25519(const QString &comment)
{
    ssh_key raw = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &raw) != SSH_OK || raw == nullptr)
        return keyError(QStringLiteral("generate an ed25519 key"));
    std::unique_ptr<ssh_key_struct, KeyDeleter> key(raw);

    char *publicRaw = nullptr;
    if (ssh_pki_export_pubkey_base64(key.get(), &publicRaw) != SSH_OK || publicRaw == nullptr)
        return keyError(QStringLiteral("export the public key"));
    std::unique_ptr<char, CharDeleter> publicBase64(publicRaw);

    char *privateRaw = nullptr;
    if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &privateRaw) != SSH_OK || privateRaw == nullptr)
        return keyError(QStringLiteral("export the private key"));
    std::unique_ptr<char, CharDeleter> privatePem(privateRaw);

    QString publicKey = QStringLiteral("ssh-ed25519 ") + QString::fromLatin1(publicBase64.get());
    if (!comment.isEmpty())
        publicKey += QLatin1Char(' ') + comment;
    QByteArray pem(privatePem.get());
    if (!pem.endsWith('\n'))
        pem.append('\n');
    return SshKeyPair(std::move(publicKey), std::move(pem));
}

}  // namespace ib::ssh
