// libFuzzer target: every OpenStack reply body the provider parses (Keystone, Nova, Glance,
// Neutron, Cinder), through core/providers/openstack/CloudReplies. A cloud reply is
// untrusted: any bytes give a value or an error in words. The first byte picks the parser
// (so one corpus reaches all of them); the rest is the body.
#include "providers/openstack/CloudReplies.h"

#include <cstddef>
#include <cstdint>

namespace replies = ib::openstack::replies;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    QString next;
    switch (data[0] % 14) {
    case 0: {
        const auto object = replies::object(body, QStringLiteral("a reply"));
        if (object)
            (void)replies::rootVolumeOfServer(replies::entity(*object));
        else if (object.error().message.isEmpty())
            __builtin_trap();  // an error must say something
        break;
    }
    case 1:
        (void)replies::status(body);
        break;
    case 2:
        (void)replies::flavors(body, &next);
        break;
    case 3:
        (void)replies::networks(body);
        break;
    case 4:
        (void)replies::subnets(body);
        break;
    case 5:
        (void)replies::floatingIps(body);
        break;
    case 6:
        (void)replies::floatingIp(body);
        break;
    case 7:
        (void)replies::idsNamed(body, QStringLiteral("servers"), QStringLiteral("ib-build"));
        (void)replies::idsNamed(body, QStringLiteral("ports"), QString());
        break;
    case 8:
        (void)replies::volume(body);
        break;
    case 9:
        (void)replies::firstVolumeAttachment(body);
        break;
    case 10:
        (void)replies::createdImageId(body, body.left(64));
        break;
    case 11:
        (void)replies::uploadedImageId(body);
        break;
    case 12:
        (void)replies::imagesPage(body, &next);
        break;
    default:
        (void)replies::status(body);
        (void)replies::flavors(body, nullptr);
        (void)replies::volumeTypes(body);
        (void)replies::routedNetworks(body, body, QStringLiteral("ext-net"));
        break;
    }
    return 0;
}
