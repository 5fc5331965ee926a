#!/bin/busybox sh
# Called by busybox udhcpc (started by /sbin/init when /etc/twinroot/network says dhcp) on each DHCP event,
# with the lease in the environment: $interface, $ip, $mask (prefix length), $router, $dns. Applies the lease to
# the interface, the default route and /run/resolv.conf (/etc/resolv.conf links there).
say() { echo "twinroot-net: $*" > /dev/console; }
case "$1" in
    deconfig)
        ip -4 addr flush dev "$interface" 2>/dev/null
        ip link set "$interface" up
        ;;
    bound|renew)
        ip -4 addr flush dev "$interface" 2>/dev/null
        ip addr add "$ip/${mask:-24}" dev "$interface"
        if [ -n "$router" ]; then
            ip route replace default via "${router%% *}" dev "$interface"
        fi
        : > /run/resolv.conf.new
        for server in $dns; do echo "nameserver $server" >> /run/resolv.conf.new; done
        mv /run/resolv.conf.new /run/resolv.conf
        say "$interface $1 $ip/${mask:-24} router ${router:-none} dns ${dns:-none}"
        ;;
    leasefail|nak)
        say "$interface: no DHCP lease yet ($1)"
        ;;
esac
exit 0
